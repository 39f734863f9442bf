// The particle profile (placeholder until the knowledge-base work fills it from the vendor's guide).
import type { Profile } from './index.js';
import { generic } from './generic.js';

export const particle: Profile = { ...generic, name: 'particle', displayName: 'particle', sources: [{ vendor: 'particle', document: 'TODO' }] };
