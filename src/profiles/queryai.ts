// The queryai profile (placeholder until the knowledge-base work fills it from the vendor's guide).
import type { Profile } from './index.js';
import { generic } from './generic.js';

export const queryai: Profile = { ...generic, name: 'queryai', displayName: 'queryai', sources: [{ vendor: 'queryai', document: 'TODO' }] };
