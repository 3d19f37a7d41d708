/** Which properties of a boundary file hold the ward code, name and vintage (io/boundaries.ts). */
import type { BoundaryOptions, Warn } from './boundarySources.ts';

export interface FieldChoice {
  code: string;
  name: string;
  vintage: string | null;
}

export function chooseFields(
  keys: string[],
  hasIds: boolean,
  options: BoundaryOptions,
  file: string,
  warn: Warn,
): FieldChoice {
  const find = (re: RegExp): string | undefined => keys.find((k) => re.test(k));
  const listing = `available fields: ${keys.join(', ') || '(none)'}`;
  let code = options.codeField;
  let name = options.nameField;
  let pairName: string | undefined;
  if (code !== undefined) {
    if (code !== 'id' && !keys.includes(code)) throw new Error(`${file}: code field "${code}" not found; ${listing}`);
  } else {
    const rules: [RegExp, (c: string) => RegExp][] = [
      [/^gss_code$/i, () => /^name$/i],
      [/^wd\d{2}cd$/i, (c) => new RegExp(`^${c.slice(0, 4)}nm$`, 'i')],
      [/^lau2?\d{2}cd$/i, (c) => new RegExp(`^${c.slice(0, -2)}nm$`, 'i')],
      [/^ward_?code$/i, () => /^ward_?name$/i],
      [/^code$/i, () => /^name$/i],
    ];
    for (const [re, nameRe] of rules) {
      const c = find(re);
      if (c) {
        code = c;
        pairName = find(nameRe(c));
        break;
      }
    }
    if (code === undefined && hasIds) code = 'id';
    if (code === undefined)
      throw new Error(
        `${file}: no ward code field found (looked for GSS_CODE, WDyyCD, lau2yycd, code, feature id); ${listing}`,
      );
  }
  if (name !== undefined) {
    if (!keys.includes(name)) throw new Error(`${file}: name field "${name}" not found; ${listing}`);
  } else {
    name = pairName ?? find(/^(name|ward_?name|wd\d{2}nm|lau2?\d{2}nm)$/i);
    if (name === undefined) {
      warn({ file, feature: 0, message: `no ward name field found; ward codes used as names (${listing})` });
      name = '';
    }
  }
  const yy = /(\d{2})(cd)$/i.exec(code);
  let vintage: string | null = yy && code !== 'id' ? `20${yy[1]}` : null;
  if (!vintage) {
    const y = /(?:^|[^0-9])((?:19|20)\d{2})(?:[^0-9]|$)/.exec(file);
    if (y) vintage = y[1];
  }
  return { code, name, vintage };
}
