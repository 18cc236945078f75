// Stops the API server global-setup.ts started, if it started one (a server given by TEST_KUBECONFIG is left alone).
import { stop } from '../../scripts/apiserver';

export default async function globalTeardown(): Promise<void> {
  const stateFile = process.env.TEST_APISERVER_STATE;
  if (stateFile) stop({ stateFile });
}
