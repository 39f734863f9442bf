// How a profile's success codes read in a sentence (listen --forward, explain --profile).
import type { Profile } from './index.js';

/** The statuses a profile counts as delivered, as a reader would say them: "2xx" for the whole range, else the list. */
export function successCodesText(profile: Pick<Profile, 'successCodes'>): string {
  const codes = profile.successCodes;
  const whole = codes.length === 100 && codes.every((c, i) => c === 200 + i);
  return whole ? '2xx' : codes.join(', ');
}
