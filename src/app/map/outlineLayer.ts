/**
 * Area outlines (hotspot areas, wards) as a MapLibre custom WebGL layer: every edge is one
 * quad (four vertices, two indexed triangles), extruded to a pixel width in the vertex shader,
 * drawn in the same frame as the rest of the map.
 *
 * Why not a MapLibre GeoJSON source: a source hands new data to MapLibre's worker, which
 * indexes it and then re-tiles the tiles in view in a second round trip; each message waits
 * for the page's main thread (busy with the panels' layout just then), so new outlines showed
 * 40–90 ms (Haringey) to 150–250 ms (1,641 London areas) after everything else. Why not a deck.gl
 * PathLayer: its vertex shader is heavy on a software renderer (see layers.ts). This layer's
 * shader is a few multiply-adds per vertex, and a new result is one buffer upload in the next
 * frame. Not instanced: SwiftShader (the software WebGL of a machine without a GPU) runs an
 * instanced draw as one draw per instance, and 868 Haringey edges as instances cost ~17 ms a
 * pass; as plain indexed triangles one draw call per pass.
 *
 * For the ward outlines the same layer replaces MapLibre line layers over the ward source:
 * measured on London's 650 wards in software WebGL, those cost ~25 ms a frame.
 *
 * Drawing (OutlineStyle): optionally, from a zoom on, a halo under all outlines; then all
 * outlines; the selected area last (its halo in the halo pass). Edges have square caps of half
 * the width, which fill the notch at each corner; edges are antialiased over one pixel in the
 * fragment shader (the map's context has no multisampling).
 */
import type { CustomLayerInterface, CustomRenderMethodInput, Map as MlMap } from 'maplibre-gl';
import type { AreaOutlines } from './outlineGeometry.ts';
import { deleteGlObjects, levelTolerance, linkProgram, premultipliedBlending, relativeMatrix } from './glUtil.ts';

type Rgba = [number, number, number, number];
interface Stroke {
  /** Pixels (CSS). */
  width: number;
  /** Straight (not premultiplied) RGBA, 0–1. */
  colour: Rgba;
}
export interface OutlineStyle {
  line: Stroke;
  selectedLine: Stroke;
  /** Drawn under all outlines from haloMinZoom on (and under the selected one, wider). */
  halo?: Stroke & { minZoom: number; selectedWidth: number };
  /** The outline below this zoom, in place of `line` (a city-wide view of many small areas). */
  cityLine?: Stroke & { belowZoom: number };
}

const rgb = (hex: number, a = 1): Rgba => [((hex >> 16) & 255) / 255, ((hex >> 8) & 255) / 255, (hex & 255) / 255, a];
const SELECTION = rgb(0xc8005a);

/**
 * Hotspot areas: near-black 2 px outlines; from zoom 11 (a London borough fills the map at ~12)
 * a white 4.5 px halo that lifts them off the density colours; below zoom 11 (all of London:
 * hundreds of areas a few pixels across) 1.25 px, so that the outlines do not hide the density
 * they surround; selected: magenta 3.5 px, halo 7 px.
 */
export const HOTSPOT_STYLE: OutlineStyle = {
  line: { width: 2, colour: rgb(0x141414) },
  cityLine: { width: 1.25, colour: rgb(0x141414), belowZoom: 11 },
  selectedLine: { width: 3.5, colour: SELECTION },
  halo: { width: 4.5, colour: [1, 1, 1, 0.9], minZoom: 11, selectedWidth: 7 },
};

/** Wards: 1 px slate at 80 %; selected: magenta 4 px. */
export const WARD_STYLE: OutlineStyle = {
  line: { width: 1, colour: rgb(0x3c4655, 0.8) },
  selectedLine: { width: 4, colour: SELECTION },
};

const VERTEX = `#version 300 es
// The segment this vertex belongs to: start xy, end xy (mercator relative to the origin folded
// into u_matrix); and the vertex's corner of its quad: x = 0 at the segment's start, 1 at its
// end; y = −1 / +1 across it.
in vec4 a_segment;
in vec2 a_corner;
uniform mat4 u_matrix;
uniform vec2 u_viewport;
// Half the line width plus the one-pixel antialiasing fringe, in pixels.
uniform float u_extent;
out float v_across;
void main() {
  vec4 c0 = u_matrix * vec4(a_segment.xy, 0.0, 1.0);
  vec4 c1 = u_matrix * vec4(a_segment.zw, 0.0, 1.0);
  vec2 half_viewport = 0.5 * u_viewport;
  vec2 s0 = c0.xy / c0.w * half_viewport;
  vec2 s1 = c1.xy / c1.w * half_viewport;
  vec2 d = s1 - s0;
  float len = length(d);
  vec2 along = len > 0.0 ? d / len : vec2(1.0, 0.0);
  vec2 across = vec2(-along.y, along.x);
  vec2 screen = mix(s0, s1, a_corner.x) + along * (2.0 * a_corner.x - 1.0) * u_extent + across * a_corner.y * u_extent;
  vec4 c = mix(c0, c1, a_corner.x);
  gl_Position = vec4(screen / half_viewport * c.w, c.z, c.w);
  v_across = a_corner.y * u_extent;
}`;

const FRAGMENT = `#version 300 es
precision mediump float;
// Premultiplied colour, and half the line width in pixels.
uniform vec4 u_colour;
uniform float u_half_width;
in float v_across;
out vec4 frag_colour;
void main() {
  float coverage = clamp(u_half_width + 0.5 - abs(v_across), 0.0, 1.0);
  frag_colour = u_colour * coverage;
}`;

/** Floats per vertex: the segment (4) and the corner (2). */
const STRIDE = 6;
const CORNERS = [0, -1, 1, -1, 0, 1, 1, 1];

/** Four vertices per segment (see VERTEX), in segment order. */
export function quadVertices(segments: Float32Array): Float32Array {
  const n = segments.length / 4;
  const v = new Float32Array(n * 4 * STRIDE);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 4; c++) {
      const o = (4 * i + c) * STRIDE;
      v[o] = segments[4 * i];
      v[o + 1] = segments[4 * i + 1];
      v[o + 2] = segments[4 * i + 2];
      v[o + 3] = segments[4 * i + 3];
      v[o + 4] = CORNERS[2 * c];
      v[o + 5] = CORNERS[2 * c + 1];
    }
  }
  return v;
}

/** Two triangles per quad: segment i's six indices start at 6·i. */
export function quadIndices(n: number): Uint32Array {
  const idx = new Uint32Array(n * 6);
  for (let i = 0; i < n; i++) {
    const v = 4 * i;
    const o = 6 * i;
    idx[o] = v;
    idx[o + 1] = v + 1;
    idx[o + 2] = v + 2;
    idx[o + 3] = v + 1;
    idx[o + 4] = v + 3;
    idx[o + 5] = v + 2;
  }
  return idx;
}

interface GlState {
  program: WebGLProgram;
  vao: WebGLVertexArrayObject;
  vertices: WebGLBuffer;
  indices: WebGLBuffer;
  uMatrix: WebGLUniformLocation | null;
  uViewport: WebGLUniformLocation | null;
  uExtent: WebGLUniformLocation | null;
  uColour: WebGLUniformLocation | null;
  uHalfWidth: WebGLUniformLocation | null;
}

export class OutlineLayer implements CustomLayerInterface {
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  private map: MlMap | null = null;
  private gl: GlState | null = null;
  private data: AreaOutlines | null = null;
  private uploaded: unknown = null;
  private selected = -1;

  constructor(
    readonly id: string,
    private readonly style: OutlineStyle,
  ) {}

  /** New outlines (null: none); drawn from the next frame on. */
  setData(data: AreaOutlines | null): void {
    this.data = data;
  }

  /** Feature index of the selected area (-1: none). */
  setSelected(index: number): void {
    this.selected = index;
  }

  onAdd(map: MlMap, gl: WebGL2RenderingContext): void {
    this.map = map;
    const program = linkProgram(gl, VERTEX, FRAGMENT, 'outline');
    const vao = gl.createVertexArray() as WebGLVertexArrayObject;
    const vertices = gl.createBuffer() as WebGLBuffer;
    const indices = gl.createBuffer() as WebGLBuffer;
    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, vertices);
    const aSegment = gl.getAttribLocation(program, 'a_segment');
    gl.enableVertexAttribArray(aSegment);
    gl.vertexAttribPointer(aSegment, 4, gl.FLOAT, false, STRIDE * 4, 0);
    const aCorner = gl.getAttribLocation(program, 'a_corner');
    gl.enableVertexAttribArray(aCorner);
    gl.vertexAttribPointer(aCorner, 2, gl.FLOAT, false, STRIDE * 4, 16);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, indices);
    gl.bindVertexArray(null);
    gl.bindBuffer(gl.ARRAY_BUFFER, null);
    this.gl = {
      program,
      vao,
      vertices,
      indices,
      uMatrix: gl.getUniformLocation(program, 'u_matrix'),
      uViewport: gl.getUniformLocation(program, 'u_viewport'),
      uExtent: gl.getUniformLocation(program, 'u_extent'),
      uColour: gl.getUniformLocation(program, 'u_colour'),
      uHalfWidth: gl.getUniformLocation(program, 'u_half_width'),
    };
    this.uploaded = null;
  }

  onRemove(_map: MlMap, gl: WebGL2RenderingContext): void {
    if (this.gl) deleteGlObjects(gl, this.gl);
    this.gl = null;
    this.map = null;
  }

  render(gl: WebGL2RenderingContext, options: CustomRenderMethodInput): void {
    const s = this.gl;
    const map = this.map;
    if (!s || !map || !this.data) return;
    const data = this.data.segments(levelTolerance(map.getZoom()));
    if (data.segments.length === 0) return;
    gl.bindVertexArray(s.vao);
    if (this.uploaded !== data) {
      gl.bindBuffer(gl.ARRAY_BUFFER, s.vertices);
      gl.bufferData(gl.ARRAY_BUFFER, quadVertices(data.segments), gl.STATIC_DRAW);
      gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, quadIndices(data.segments.length / 4), gl.STATIC_DRAW);
      this.uploaded = data;
    }
    gl.useProgram(s.program);
    const u = relativeMatrix(options.modelViewProjectionMatrix as ArrayLike<number>, map.getZoom(), data.origin);
    gl.uniformMatrix4fv(s.uMatrix, false, u);
    gl.uniform2f(s.uViewport, gl.drawingBufferWidth, gl.drawingBufferHeight);
    premultipliedBlending(gl);
    const ratio = map.getPixelRatio();
    const total = data.segments.length / 4;
    const sel = this.selected >= 0 && this.selected + 1 < data.areaStart.length ? this.selected : -1;
    const pass = (style: Stroke, first: number, count: number) => {
      if (count <= 0) return;
      const half = (style.width * ratio) / 2;
      const [r, g, b, a] = style.colour;
      gl.uniform4f(s.uColour, r * a, g * a, b * a, a);
      gl.uniform1f(s.uHalfWidth, half);
      gl.uniform1f(s.uExtent, half + 1);
      gl.drawElements(gl.TRIANGLES, count * 6, gl.UNSIGNED_INT, first * 6 * 4);
    };
    const selFirst = sel >= 0 ? data.areaStart[sel] : 0;
    const selCount = sel >= 0 ? data.areaStart[sel + 1] - selFirst : 0;
    const { halo, line, selectedLine, cityLine } = this.style;
    const zoom = map.getZoom();
    if (halo && zoom >= halo.minZoom) {
      pass(halo, 0, total);
      pass({ width: halo.selectedWidth, colour: halo.colour }, selFirst, selCount);
    }
    pass(cityLine && zoom < cityLine.belowZoom ? cityLine : line, 0, total);
    pass(selectedLine, selFirst, selCount);
    gl.bindVertexArray(null);
    gl.bindBuffer(gl.ARRAY_BUFFER, null);
  }
}
