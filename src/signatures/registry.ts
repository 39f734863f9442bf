// Looking recipes up by name: the ids come from recipes/ids.ts, the recipes from recipes/index.ts.
import type { SchemeName } from './types.js';
import type { Recipe } from './recipe.js';
import { recipes } from './recipes/index.js';

export { recipes };

export function isSchemeName(name: string): name is SchemeName {
  return Object.hasOwn(recipes, name);
}

/** The recipe for a name (the caller checked it with isSchemeName). */
export function recipeFor(name: SchemeName): Recipe {
  return recipes[name];
}

/** Whether the recipe carries a timestamp a receiver should judge (doctor sends a stale one to check). */
export function hasTimestamp(name: SchemeName): boolean {
  const t = recipes[name].timestamp;
  return Boolean(t && t.check !== 'none' && !t.bodyPath);
}

/** Whether the recipe signs the URL (sign and send need it). */
export function signsUrlOf(name: SchemeName): boolean {
  return recipes[name].signed.includes('{url}');
}
