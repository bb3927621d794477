import type { HttpPlugin } from '../http-deps.js';

/** `GET /api/v1/me`: who is signed in, with the session's CSRF token for the dashboard's requests. */
export const meRoutes: HttpPlugin = async (app) => {
  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user (or token) and the CSRF token of the session',
        response: {
          200: {
            type: 'object',
            required: ['user', 'csrfToken'],
            properties: {
              user: {
                type: 'object',
                required: ['name', 'admin', 'pii', 'accounts'],
                properties: {
                  name: { type: 'string' },
                  kind: { type: 'string', enum: ['session', 'token'] },
                  admin: { type: 'boolean' },
                  pii: { type: 'boolean' },
                  scope: { type: 'string', enum: ['read', 'write'] },
                  accounts: {
                    description: 'account names the caller is limited to; null: every account',
                    type: ['array', 'null'],
                    items: { type: 'string' },
                  },
                },
              },
              csrfToken: { type: ['string', 'null'] },
            },
          },
        },
      },
    },
    async (request) => {
      const principal = request.principal;
      if (!principal) throw new Error('auth hook did not run');
      return {
        user: {
          name: principal.name,
          kind: principal.kind,
          admin: principal.admin,
          pii: principal.pii,
          scope: principal.scope,
          accounts: principal.accountNames,
        },
        csrfToken: principal.csrfToken,
      };
    },
  );
};
