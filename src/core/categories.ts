/**
 * The police.uk crime-type model.
 *
 * Conventions (stated here and in the README):
 * - The 14 current police.uk street-level categories, in police.uk's own spelling.
 * - "All crime" EXCLUDES Anti-social behaviour by default (notifiable offences only,
 *   as the partnership plans count it); a switch includes it.
 * - Composite groups used by the plans: property crime (Haringey's "property
 *   portfolio") = Burglary + Robbery + Vehicle crime.
 * - Legacy categories police.uk used before May 2013 are accepted and kept as they are.
 */

export const POLICE_UK_CATEGORIES = [
  'Anti-social behaviour',
  'Bicycle theft',
  'Burglary',
  'Criminal damage and arson',
  'Drugs',
  'Other crime',
  'Other theft',
  'Possession of weapons',
  'Public order',
  'Robbery',
  'Shoplifting',
  'Theft from the person',
  'Vehicle crime',
  'Violence and sexual offences',
] as const;

/** Categories police.uk published before May 2013 (still found in archive files). */
export const LEGACY_CATEGORIES = [
  'Violent crime',
  'Public disorder and weapons',
  'Violence against the person',
  'Sexual offences',
] as const;

export const ASB = 'Anti-social behaviour';

/** police.uk API `category` slug → CSV crime type. */
export const API_SLUGS: Readonly<Record<string, string>> = {
  'anti-social-behaviour': 'Anti-social behaviour',
  'bicycle-theft': 'Bicycle theft',
  burglary: 'Burglary',
  'criminal-damage-arson': 'Criminal damage and arson',
  drugs: 'Drugs',
  'other-crime': 'Other crime',
  'other-theft': 'Other theft',
  'possession-of-weapons': 'Possession of weapons',
  'public-order': 'Public order',
  robbery: 'Robbery',
  shoplifting: 'Shoplifting',
  'theft-from-the-person': 'Theft from the person',
  'vehicle-crime': 'Vehicle crime',
  'violent-crime': 'Violence and sexual offences',
  'violence-and-sexual-offences': 'Violence and sexual offences',
  'public-disorder-weapons': 'Public disorder and weapons',
};

/** Composite groups as the plans use them. Keys are stable ids used in URLs and the CLI. */
export const COMPOSITE_GROUPS: Readonly<Record<string, { label: string; members: readonly string[] }>> = {
  property: {
    label: 'Property crime (burglary, robbery, vehicle crime)',
    members: ['Burglary', 'Robbery', 'Vehicle crime'],
  },
  acquisitive: {
    label: 'Acquisitive crime (burglary, robbery, vehicle crime, thefts)',
    members: [
      'Burglary',
      'Robbery',
      'Vehicle crime',
      'Theft from the person',
      'Other theft',
      'Shoplifting',
      'Bicycle theft',
    ],
  },
  violence: {
    label: 'Violence (violence and sexual offences, robbery, weapons)',
    members: ['Violence and sexual offences', 'Robbery', 'Possession of weapons'],
  },
};

const known = new Set<string>([...POLICE_UK_CATEGORIES, ...LEGACY_CATEGORIES]);
const lowerKnown = new Map<string, string>([...known].map((c) => [c.toLowerCase(), c]));

/** The canonical police.uk spelling of a crime type (case-insensitive), or null if unknown. */
export function canonicalCategory(text: string): string | null {
  const t = text.trim();
  if (known.has(t)) return t;
  return lowerKnown.get(t.toLowerCase()) ?? API_SLUGS[t.toLowerCase()] ?? null;
}
