// The cluster suite's API server: the one named by TEST_KUBECONFIG (e.g. started by `npm run apiserver -- start`,
// as .ci/run does), else one started here and stopped by global-teardown.ts, or at exit if jest is interrupted.
import * as fs from 'fs';
import * as path from 'path';
import { start, stop } from '../../scripts/apiserver';

/** The state file of a server this jest run started (never the one `npm run apiserver` uses). */
export const OWN_STATE_FILE = path.join(__dirname, '..', '..', '.cache', 'apiserver', `jest-${process.pid}.json`);

export default async function globalSetup(): Promise<void> {
  const given = process.env.TEST_KUBECONFIG;
  if (given) {
    if (!fs.existsSync(given)) throw new Error(`TEST_KUBECONFIG=${given}: no such file`);
    return;
  }
  process.stderr.write('\ncluster suite: TEST_KUBECONFIG is not set; starting an API server for this run\n');
  process.once('exit', () => stop({ stateFile: OWN_STATE_FILE, log: () => undefined }));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop({ stateFile: OWN_STATE_FILE });
      process.exit(130);
    });
  }
  const state = await start({ stateFile: OWN_STATE_FILE });
  process.env.TEST_KUBECONFIG = state.kubeconfig;
  process.env.TEST_APISERVER_STATE = OWN_STATE_FILE;
}
