// Looking up sender profiles by name. Profiles are plain data (no zod at run time); the schema
// in ./schema.ts is checked against every file by the test suite.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z as Zod, ZodType } from 'zod';
import type { ProfileData } from './schema.js';
import { WdError } from '../errors.js';
import { generic } from './generic.js';
import { parapet } from './parapet.js';
import { cloudaipilot } from './cloudaipilot.js';
import { queryai } from './queryai.js';
import { particle } from './particle.js';
import { braze } from './braze.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { stripe } from './stripe.js';
import { shopify } from './shopify.js';
import { slack } from './slack.js';
import { twilio } from './twilio.js';
import { zoom } from './zoom.js';
import { pagerduty } from './pagerduty.js';
import { svix } from './svix.js';
import { alertmanager } from './alertmanager.js';
import { grafana } from './grafana.js';
import { discord } from './discord.js';
import { awsSns, azureEventGrid, dropbox, meta, microsoftGraph, okta, twitch } from './handshake-senders.js';

export interface Profile extends ProfileData {
  factsByEntry?: Record<string, string[]>;
  /**
   * The sender's payload schema, built on demand from the zod the caller already loaded, so that
   * merely reading a profile never loads zod. `listen --profile` validates captures with it.
   */
  payloadSchema?: (z: typeof Zod) => ZodType;
}

export const profiles: readonly Profile[] = [
  generic, parapet, cloudaipilot, queryai, particle, braze,
  github, gitlab, stripe, shopify, slack, twilio, zoom, pagerduty, svix, alertmanager, grafana, discord,
  twitch, meta, dropbox, microsoftGraph, azureEventGrid, okta, awsSns,
];

export const profileNames = profiles.map((p) => p.name);

export function findProfile(name: string): Profile | undefined {
  const key = name.trim().toLowerCase().replace(/[\s_.]/g, '');
  return profiles.find((p) => p.name === key || p.name.replace(/-/g, '') === key);
}

/** A --profile value naming a file rather than a built-in: it has a path separator or ends in .json. */
export function isProfilePath(value: string): boolean {
  return /[\\/]/.test(value) || /\.json$/i.test(value);
}

/**
 * How a spool entry names its profile: a built-in by name, a profile file by its absolute path (so a flush
 * run from another directory reads the same file, and a file's own "name" never stands for a built-in).
 */
export function spoolProfileRef(nameOrPath: string, profile: Profile): string {
  return isProfilePath(nameOrPath) ? resolve(nameOrPath) : profile.name;
}

/**
 * The profile file a spool entry names, read without zod (flush starts without it): send and queue add
 * validated it when queuing; only its shape is checked here. Undefined when it is gone or no profile.
 */
export function readQueuedProfileFile(path: string): Profile | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Profile;
    const sig = value?.signature;
    if (typeof value?.name !== 'string' || typeof value.auth?.style !== 'string' || (sig !== null && (typeof sig?.scheme !== 'string' || typeof sig.header !== 'string'))) return undefined;
    return value;
  } catch {
    return undefined;
  }
}

/** The named built-in profile, or a usage error listing the known ones. */
export function getProfile(name = 'generic'): Profile {
  const profile = findProfile(name);
  if (!profile) {
    const hint = isProfilePath(name)
      ? 'this command reads built-in profiles only; give a name (webhook-doctor profiles lists them)'
      : `known profiles: ${profileNames.join(', ')}; or a file: --profile ./my-sender.json (webhook-doctor profiles show generic > my-sender.json)`;
    throw new WdError('USAGE', `unknown profile "${name}"`, { hint });
  }
  return profile;
}

/**
 * A built-in profile by name, or your own sender from a JSON file (--profile ./my-siem.json) with the
 * same schema; a bad file is one usage error naming the field. The file reader (and zod) load only then.
 */
export async function loadProfile(nameOrPath = 'generic'): Promise<Profile> {
  if (!isProfilePath(nameOrPath)) return getProfile(nameOrPath);
  const { readProfileFile } = await import('./file.js');
  return readProfileFile(nameOrPath);
}

/** The profile's sample payload as the exact bytes a test send uses: JSON with 2-space indent, or a text body as written (Twilio's form). */
export function sampleBody(profile: Profile): Buffer {
  if (typeof profile.samplePayload === 'string' && !/json/i.test(profile.contentType)) return Buffer.from(profile.samplePayload, 'utf8');
  return Buffer.from(JSON.stringify(profile.samplePayload, null, 2) + '\n', 'utf8');
}
