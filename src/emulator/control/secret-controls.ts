import type { FastifyPluginAsync } from 'fastify';
import type { SurfaceOptions } from '../surface-options.js';

/** `POST /_emulator/app/age-secret`: how many days older the current secret becomes. */
const AGE_SECRET_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['days'],
  properties: { days: { type: 'integer', minimum: 1, maximum: 3650 } },
} as const;

/**
 * The client secret's dates, next to `expire-secret` and `rotate-secret`: `GET /app/secret` shows the
 * current secret with its creation and expiry (and until when a rotated-out secret still works);
 * `POST /app/age-secret` `{ "days" }` moves its creation back, so an age warning or the 180-day expiry can
 * be reached without waiting.
 */
export const secretControls: FastifyPluginAsync<SurfaceOptions> = async (app, { state }) => {
  app.get('/app/secret', async () => state.secrets.view(state.now()));

  app.post<{ Body: { days: number } }>(
    '/app/age-secret',
    { schema: { body: AGE_SECRET_BODY } },
    async (request) => {
      state.secrets.age(request.body.days);
      return state.secrets.view(state.now());
    },
  );
};
