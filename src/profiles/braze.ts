// The braze profile (placeholder until the knowledge-base work fills it from the vendor's guide).
import type { Profile } from './index.js';
import { generic } from './generic.js';

export const braze: Profile = { ...generic, name: 'braze', displayName: 'braze', sources: [{ vendor: 'braze', document: 'TODO' }] };
