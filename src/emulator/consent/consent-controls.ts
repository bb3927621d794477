import type { FastifyPluginAsync } from 'fastify';
import { ControlError } from '../control/control-error.js';
import type { SurfaceOptions } from '../surface-options.js';
import { type OAuthAppSettings, redirectUriProblem } from './oauth-app.js';

/** `PUT /_emulator/app/oauth`: any of the settings; unknown fields are refused. */
const OAUTH_APP_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    draft: { type: 'boolean' },
    redirectUris: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 2048 } },
  },
} as const;

/**
 * The app's OAuth settings, registered inside the control plugin (so under `/_emulator`, with its error
 * shape): `GET /app/oauth` and `PUT /app/oauth` with `{ name?, draft?, redirectUris? }`.
 */
export const consentControls: FastifyPluginAsync<SurfaceOptions> = async (app, { state }) => {
  const view = () => ({ applicationId: state.credentials.applicationId, ...state.oauthApp });

  app.get('/app/oauth', async () => view());

  app.put<{ Body: Partial<OAuthAppSettings> | undefined }>(
    '/app/oauth',
    { schema: { body: OAUTH_APP_BODY } },
    async (request) => {
      const changes = request.body ?? {};
      for (const uri of changes.redirectUris ?? []) {
        const problem = redirectUriProblem(uri);
        if (problem) throw new ControlError(400, `body.redirectUris: ${problem}`);
      }
      state.setOAuthApp(changes);
      return view();
    },
  );
};
