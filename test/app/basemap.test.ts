import { describe, expect, it } from 'vitest';
import { basemapUrl } from '../../src/app/map/basemap.ts';
import { parseUrl, toSearch } from '../../src/app/state/url.ts';
import { parseOrigins, withBasemapOrigins } from '../../scripts/csp.ts';

const PAGE = `<head><meta
      http-equiv="Content-Security-Policy"
      content="default-src 'self'; script-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'"
    /></head>`;

describe('basemap style URL', () => {
  it('takes http(s) URLs and paths on the site; refuses other schemes', () => {
    expect(basemapUrl('https://tiles.example.org/styles/light/style.json')).toBe(
      'https://tiles.example.org/styles/light/style.json',
    );
    expect(basemapUrl('  basemap/style.json ')).toBe('basemap/style.json');
    expect(basemapUrl('/maps/style.json')).toBe('/maps/style.json');
    for (const bad of [
      'javascript:alert(1)',
      'data:application/json,{}',
      'blob:https://x/1',
      'file:///etc/passwd',
      '',
      '   ',
      null,
      undefined,
    ])
      expect(basemapUrl(bad)).toBeNull();
    expect(basemapUrl(`https://x.org/${'a'.repeat(2100)}`)).toBeNull();
  });

  it('lives in the URL (percent-encoded) and round-trips; a refused value is dropped', () => {
    const ui = parseUrl('?basemap=https%3A%2F%2Ftiles.example.org%2Fstyle.json%3Fkey%3Dabc');
    expect(ui.basemap).toBe('https://tiles.example.org/style.json?key=abc');
    expect(parseUrl(toSearch(ui)).basemap).toBe(ui.basemap);
    expect(toSearch(ui)).toContain('basemap=https%3A%2F%2Ftiles.example.org%2Fstyle.json%3Fkey%3Dabc');
    expect(parseUrl('?basemap=javascript%3Aalert(1)').basemap).toBeNull();
    expect(parseUrl('').basemap).toBeNull();
    expect(toSearch(parseUrl(''))).not.toContain('basemap');
  });
});

describe('CSP with basemap origins (build time)', () => {
  it('adds the origins to connect-src and img-src only', () => {
    const out = withBasemapOrigins(PAGE, parseOrigins('https://tiles.example.org, https://fonts.example.org'));
    const policy = /content="([^"]+)"/.exec(out)?.[1] ?? '';
    expect(policy).toContain("connect-src 'self' https://tiles.example.org https://fonts.example.org");
    expect(policy).toContain("img-src 'self' data: blob: https://tiles.example.org https://fonts.example.org");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("default-src 'self';");
    expect(withBasemapOrigins(PAGE, [])).toBe(PAGE);
  });

  it('accepts only bare https origins (http only for localhost)', () => {
    expect(parseOrigins(undefined)).toEqual([]);
    expect(parseOrigins('http://localhost:8080 https://a.example.org/')).toEqual([
      'http://localhost:8080',
      'https://a.example.org',
    ]);
    expect(() => parseOrigins('http://tiles.example.org')).toThrow(/not https/);
    expect(() => parseOrigins('https://tiles.example.org/styles')).toThrow(/bare origin/);
    expect(() => parseOrigins("https://x.org 'unsafe-inline'")).toThrow(/not a URL/);
    expect(() => parseOrigins('*')).toThrow(/not a URL/);
  });
});
