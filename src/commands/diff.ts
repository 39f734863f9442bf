// `webhook-doctor diff`: placeholder until the diff engine lands (next commit).
import { WdError } from '../errors.js';
export async function run(): Promise<number> { throw new WdError('NOT_IMPLEMENTED', 'diff is not built yet'); }
