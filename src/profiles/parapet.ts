// The parapet profile (placeholder until the knowledge-base work fills it from the vendor's guide).
import type { Profile } from './index.js';
import { generic } from './generic.js';

export const parapet: Profile = { ...generic, name: 'parapet', displayName: 'parapet', sources: [{ vendor: 'parapet', document: 'TODO' }] };
