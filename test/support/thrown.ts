import { GatewayError } from '../../src/lib/http/errors';

/** The GatewayError `run` throws; fails the test when it throws nothing or something else. */
export function thrownGatewayError(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}
