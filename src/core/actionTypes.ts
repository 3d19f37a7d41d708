/**
 * Action registers: a partnership plan's actions with the crime types and places they
 * target. Mirrors schema/action-register.schema.json (the schema is the contract for
 * files; these types are what the engine works with after validation).
 */

export const PLACE_TYPES = [
  'transport hub',
  'town centre',
  'night-time economy',
  'licensed premises',
  'housing estate',
  'residential',
  'school',
  'park',
  'health',
  'regeneration area',
  'cross-border',
  'borough-wide',
] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];

export const PLACE_KINDS = ['ward', 'station', 'town centre', 'estate', 'street', 'venue', 'area'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const HOTSPOT_FLAGS = ['Y', 'Y(a)', 'T', 'N'] as const;
export type HotspotFlag = (typeof HOTSPOT_FLAGS)[number];

export const ACTION_STATUSES = ['red', 'amber', 'red-or-amber', 'green', 'complete', 'not-started', 'unknown'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Document id used by synthetic (demo) registers: no line references needed. */
export const SYNTHETIC_DOCUMENT = 'synthetic';

export interface NamedPlace {
  name: string;
  kind?: PlaceKind;
  /** ONS ward code (E05…, X05… for synthetic wards). */
  wardCode?: string;
  /** WGS84 representative point. */
  lon?: number;
  lat?: number;
}

export interface SourceRef {
  /** Id of a plan.sourceDocuments entry, or 'synthetic'. */
  document: string;
  section?: string;
  /** Inclusive 1-based line range of the source text file. */
  lines?: [number, number];
}

export interface PlanAction {
  id: string;
  planId?: string;
  priority: string;
  summary: string;
  /** police.uk categories or COMPOSITE_GROUPS ids. */
  categories: string[];
  categoryCaveat?: string;
  placeTypes: PlaceType[];
  places: NamedPlace[];
  lead: string;
  partners: string[];
  timescale: string;
  targetsPlaces: boolean;
  hotspotFlag: HotspotFlag;
  status: ActionStatus;
  commentary: string;
  /** Where the status comes from (the plan's lines that state it), or why it is 'unknown'. */
  statusSource?: { document: string; lines?: [number, number]; note: string };
  /** "You said, we did": a short public update for ward panels, written by the partnership. */
  publicUpdate?: string;
  source: SourceRef;
}

export interface SourceDocument {
  id: string;
  title: string;
  /** Text file the line numbers refer to ('' for synthetic). */
  file: string;
  date: string;
}

export interface Plan {
  id: string;
  borough: string;
  boroughCode: string;
  title: string;
  period: { start: string; end: string };
  sourceDocuments: SourceDocument[];
}

export interface ActionRegister {
  schemaVersion: 1;
  plan: Plan;
  actions: PlanAction[];
}

/** A place from a places layer (stations, town centres, licensed premises …), in BNG metres. */
export interface Place {
  name: string;
  type: PlaceType;
  /** BNG easting/northing (EPSG:27700) of the point, or of the polygon's centroid. */
  x: number;
  y: number;
  /** BNG polygon rings (x,y pairs, even–odd) for polygon places such as town centres. */
  rings?: Float64Array[];
  lon: number;
  lat: number;
  /** File the place came from. */
  source?: string;
}
