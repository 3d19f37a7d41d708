/**
 * The page's Content-Security-Policy with basemap servers allowed (vite.config.ts applies it to
 * index.html at build time from BASEMAP_ORIGINS). Only connect-src (style JSON, tiles, glyphs,
 * sprites) and img-src (raster tiles) gain the origins; scripts stay 'self' only.
 */

/** Each entry must be a bare https origin (or http://localhost / 127.0.0.1 for testing). */
export function parseOrigins(value: string | undefined): string[] {
  const out: string[] = [];
  for (const raw of (value ?? '').split(/[\s,]+/).filter(Boolean)) {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new Error(`BASEMAP_ORIGINS: "${raw}" is not a URL (expected an origin such as https://tiles.example.org)`);
    }
    const local = u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1');
    if (u.protocol !== 'https:' && !local)
      throw new Error(`BASEMAP_ORIGINS: "${raw}" is not https (only https origins, or http://localhost for testing)`);
    if (u.origin !== raw.replace(/\/$/, ''))
      throw new Error(`BASEMAP_ORIGINS: "${raw}" is not a bare origin (no path, query or credentials: ${u.origin})`);
    out.push(u.origin);
  }
  return out;
}

/** The CSP in `html`'s meta tag with `origins` added to connect-src and img-src (unchanged when none). */
export function withBasemapOrigins(html: string, origins: readonly string[]): string {
  if (!origins.length) return html;
  const re = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]+)(")/i;
  const m = re.exec(html);
  if (!m) throw new Error('index.html has no Content-Security-Policy meta tag');
  const policy = m[2]
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => {
      const [name, ...values] = d.split(/\s+/);
      return name === 'connect-src' || name === 'img-src' ? [name, ...values, ...origins].join(' ') : d;
    })
    .join('; ');
  return html.replace(re, `$1${policy}$3`);
}
