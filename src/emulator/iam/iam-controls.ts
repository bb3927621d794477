import type { FastifyPluginAsync } from 'fastify';
import { ControlError } from '../control/control-error.js';
import type { SurfaceOptions } from '../surface-options.js';
import { IamLookupError, iamModelProblem } from './iam-model.js';
import { IAM_MODEL_BODY, ROLE_BODY, USER_BODY } from './iam-schema.js';
import type { IamModelData } from './iam-types.js';

/**
 * The IAM model's controls, registered inside the control plugin (under `/_emulator`): read or replace the
 * whole model, reset it to the guide's setup, or break one piece the way a seller's setup breaks.
 */
export const iamControls: FastifyPluginAsync<SurfaceOptions> = async (app, { state }) => {
  // The breaking controls take an optional body: a POST without one means the default user or role.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined) request.body = {};
  });

  // A user or role the model lacks is the control's 404.
  const lookup = <T>(change: () => T): T => {
    try {
      return change();
    } catch (error) {
      if (error instanceof IamLookupError) throw new ControlError(404, error.message);
      throw error;
    }
  };

  app.get('/iam', async () => state.iam.snapshot());

  app.put<{ Body: IamModelData }>('/iam', { schema: { body: IAM_MODEL_BODY } }, async (request) => {
    const problem = iamModelProblem(request.body);
    if (problem) throw new ControlError(400, `body: ${problem}`);
    state.iam.replace(request.body);
    return state.iam.snapshot();
  });

  app.post('/iam/reset', async () => {
    state.iam.reset();
    return state.iam.snapshot();
  });

  app.post<{ Body: { userName?: string } | undefined }>(
    '/iam/rotate-key',
    { schema: { body: USER_BODY } },
    async (request) => lookup(() => state.iam.rotateKey(request.body?.userName)),
  );

  app.post<{ Body: { roleName?: string } | undefined }>(
    '/iam/remove-trust',
    { schema: { body: ROLE_BODY } },
    async (request) => {
      const role = lookup(() => state.iam.removeTrust(request.body?.roleName));
      return { roleName: role.roleName, trustPolicy: role.trustPolicy };
    },
  );

  app.post<{ Body: { userName?: string; policyName?: string } | undefined }>(
    '/iam/remove-inline-policy',
    { schema: { body: USER_BODY } },
    async (request) =>
      lookup(() => state.iam.removeInlinePolicies(request.body?.userName, request.body?.policyName)),
  );
};
