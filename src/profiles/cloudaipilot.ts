// The cloudaipilot profile (placeholder until the knowledge-base work fills it from the vendor's guide).
import type { Profile } from './index.js';
import { generic } from './generic.js';

export const cloudaipilot: Profile = { ...generic, name: 'cloudaipilot', displayName: 'cloudaipilot', sources: [{ vendor: 'cloudaipilot', document: 'TODO' }] };
