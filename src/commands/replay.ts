// `webhook-doctor replay`: placeholder until the replay engine lands (next commit).
import { WdError } from '../errors.js';
export async function run(): Promise<number> { throw new WdError('NOT_IMPLEMENTED', 'replay is not built yet'); }
