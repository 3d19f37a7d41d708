/**
 * The invented tables behind the SYNTHETIC demo borough (scripts/generate-demo.ts): ward and
 * street names, police.uk outcomes with weights, the crime centres with their type mixes, and
 * seasonal month weights. Changing any of them changes data/demo (regenerate and commit).
 */
import { C, ESTATE, NORTH_STATION, STATION, STRIP_A, STRIP_B, TOWN, type Pt } from './demoGeography.ts';

export const WARD_NAMES = [
  'Hollowfield Central',
  'Ashcombe Park',
  'Bramblegate',
  'Caddon Hill',
  'Dunmere',
  'Fallowmead',
  'Greyholt',
  'Hollowfield Wharf',
  'Kestrel Vale',
  'Larkspur',
  'Marrowby',
  'Nettlecombe',
  'Oakhythe',
  'Pennimore Rise',
  'Quarrydown',
  'Rookery Green',
  'Saltmarsh End',
  'Thistlebrook',
  'Umberley',
  'Vennwood',
  'Wickhollow',
  'Yarrowfield',
  'Cressing Common',
  'Tallowgate',
];

export const STREET_PREFIX = [
  'Acorn',
  'Badger',
  'Beacon',
  'Bell',
  'Birch',
  'Bramble',
  'Brook',
  'Cedar',
  'Chapel',
  'Cherry',
  'Clover',
  'Coppice',
  'Dove',
  'Elder',
  'Fern',
  'Foundry',
  'Glebe',
  'Hazel',
  'Heron',
  'Holly',
  'Juniper',
  'Kiln',
  'Lark',
  'Linden',
  'Maple',
  'Meadow',
  'Mill',
  'Orchard',
  'Osier',
  'Plover',
  'Quarry',
  'Rowan',
  'Sorrel',
  'Spindle',
  'Tannery',
  'Teasel',
  'Vine',
  'Willow',
  'Wren',
  'Yew',
];
export const STREET_SUFFIX = [
  'Road',
  'Street',
  'Avenue',
  'Lane',
  'Close',
  'Grove',
  'Gardens',
  'Way',
  'Crescent',
  'Terrace',
  'Drive',
  'Walk',
];

export const OUTCOMES: [string, number][] = [
  ['Investigation complete; no suspect identified', 40],
  ['Unable to prosecute suspect', 22],
  ['Status update unavailable', 10],
  ['Under investigation', 8],
  ['Awaiting court outcome', 5],
  ['Court result unavailable', 4],
  ['Offender given a caution', 3],
  ['Local resolution', 4],
  ['Further investigation is not in the public interest', 2],
  ['Formal action is not in the public interest', 2],
];

export type Mix = Record<string, number>;
export const ASB = 'Anti-social behaviour';
export interface Centre {
  key: string;
  /** Point centre, or a segment for a strip. */
  at: Pt;
  to?: Pt;
  sd: number;
  /** Crimes per year in 2024, and the 2023 multiplier. */
  perYear: number;
  y2023: number;
  mix: Mix;
}

export const CENTRES: Centre[] = [
  {
    key: 'town',
    at: TOWN,
    sd: 220,
    perYear: 1100,
    y2023: 1.0,
    mix: {
      Shoplifting: 30,
      'Theft from the person': 10,
      'Other theft': 15,
      'Violence and sexual offences': 15,
      'Public order': 6,
      [ASB]: 18,
      'Bicycle theft': 4,
      'Criminal damage and arson': 3,
      Robbery: 3,
      Drugs: 3,
      'Other crime': 1,
    },
  },
  {
    key: 'station',
    at: STATION,
    sd: 150,
    perYear: 800,
    y2023: 0.72,
    mix: {
      Robbery: 15,
      'Theft from the person': 15,
      'Bicycle theft': 10,
      'Violence and sexual offences': 18,
      [ASB]: 20,
      'Public order': 8,
      'Other theft': 8,
      Drugs: 4,
      'Possession of weapons': 2,
    },
  },
  {
    key: 'nte',
    at: STRIP_A,
    to: STRIP_B,
    sd: 45,
    perYear: 900,
    y2023: 1.05,
    mix: {
      'Violence and sexual offences': 32,
      'Public order': 14,
      Drugs: 10,
      'Criminal damage and arson': 6,
      'Possession of weapons': 4,
      [ASB]: 22,
      'Theft from the person': 6,
      Robbery: 4,
      'Other theft': 2,
    },
  },
  {
    key: 'estate',
    at: ESTATE,
    sd: 200,
    perYear: 950,
    y2023: 1.18,
    mix: {
      [ASB]: 30,
      'Criminal damage and arson': 14,
      Drugs: 8,
      'Violence and sexual offences': 22,
      Burglary: 10,
      'Vehicle crime': 8,
      'Public order': 4,
      'Possession of weapons': 2,
      'Other crime': 2,
    },
  },
  {
    key: 'north-station',
    at: NORTH_STATION,
    sd: 120,
    perYear: 250,
    y2023: 0.9,
    mix: {
      Robbery: 10,
      'Theft from the person': 12,
      'Bicycle theft': 12,
      'Violence and sexual offences': 16,
      [ASB]: 25,
      'Public order': 6,
      'Other theft': 14,
      'Criminal damage and arson': 5,
    },
  },
  {
    key: 'background',
    at: C(0, 0),
    sd: 0,
    perYear: 4500,
    y2023: 0.95,
    mix: {
      Burglary: 16,
      'Vehicle crime': 16,
      'Violence and sexual offences': 22,
      'Criminal damage and arson': 10,
      'Other theft': 10,
      [ASB]: 18,
      'Public order': 3,
      'Bicycle theft': 2,
      Drugs: 1,
      'Other crime': 2,
      Shoplifting: 2,
    },
  },
];

/** Seasonal month weights: summer peak for violence/ASB/public order, December peak for shoplifting. */
export function monthWeights(category: string): number[] {
  const w: number[] = [];
  for (let m = 0; m < 12; m++) {
    const summer = Math.cos((2 * Math.PI * (m - 6)) / 12); // peak July
    let v = 1;
    if (category === ASB || category === 'Violence and sexual offences' || category === 'Public order')
      v += 0.18 * summer;
    else if (category === 'Shoplifting') v += m === 11 ? 0.35 : m === 10 ? 0.15 : 0;
    else if (category === 'Burglary')
      v -= 0.15 * summer; // dark evenings
    else v += 0.05 * summer;
    w.push(v);
  }
  return w;
}
