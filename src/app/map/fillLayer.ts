/**
 * The ward choropleth as a MapLibre custom WebGL layer: the wards triangulated once per zoom
 * level, simplified to half a pixel (fillGeometry.ts), each vertex carrying its ward's index, and the colours in a one-row
 * texture of one texel per ward, read in the vertex shader. A filter change uploads that
 * texture (650 texels for London), nothing else.
 *
 * Why not MapLibre's fill layer over a GeoJSON source: each ward's colour was a feature state,
 * which MapLibre applies per tile; and in software WebGL its tiled, stencil-clipped fill cost
 * ~25 ms of a London-wide frame. Without it MapLibre needs no source at all, so new ward
 * boundaries are not sent through its tiling worker either. No edge antialiasing (as the fill
 * it replaces): the ward outlines are drawn over the edges.
 */
import type { CustomLayerInterface, CustomRenderMethodInput, Map as MlMap } from 'maplibre-gl';
import type { AreaFills, FillTriangles } from './fillGeometry.ts';
import { deleteGlObjects, levelTolerance, linkProgram, premultipliedBlending, relativeMatrix } from './glUtil.ts';

const VERTEX = `#version 300 es
in vec2 a_position;
in float a_area;
uniform mat4 u_matrix;
uniform sampler2D u_colours;
uniform int u_width;
out vec4 v_colour;
void main() {
  int k = int(a_area + 0.5);
  v_colour = texelFetch(u_colours, ivec2(k % u_width, k / u_width), 0);
  gl_Position = u_matrix * vec4(a_position, 0.0, 1.0);
}`;

const FRAGMENT = `#version 300 es
precision mediump float;
in vec4 v_colour;
out vec4 frag_colour;
void main() {
  frag_colour = v_colour;
}`;

/** Texels per row of the colour table. */
const ROW = 2048;

/** "rgba(r, g, b, a)" or "rgb(r, g, b)" (what layers.ts writes) → premultiplied bytes. */
export function premultipliedRgba(css: string): [number, number, number, number] {
  const m = /rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)/.exec(css);
  if (!m) return [0, 0, 0, 0];
  const a = m[4] === undefined ? 1 : Math.max(0, Math.min(1, Number(m[4])));
  const c = (v: string) => Math.round(Math.max(0, Math.min(255, Number(v))) * a);
  return [c(m[1]), c(m[2]), c(m[3]), Math.round(a * 255)];
}

interface GlState {
  program: WebGLProgram;
  vao: WebGLVertexArrayObject;
  positions: WebGLBuffer;
  areas: WebGLBuffer;
  indices: WebGLBuffer;
  texture: WebGLTexture;
  uMatrix: WebGLUniformLocation | null;
  uColours: WebGLUniformLocation | null;
  uWidth: WebGLUniformLocation | null;
}

export class FillLayer implements CustomLayerInterface {
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  private map: MlMap | null = null;
  private gl: GlState | null = null;
  private data: AreaFills | null = null;
  private uploaded: FillTriangles | null = null;
  private colours: Uint8Array = new Uint8Array(0);
  private coloursDirty = true;

  constructor(readonly id: string) {}

  /** New areas (null: none); drawn from the next frame on. */
  setData(data: AreaFills | null): void {
    this.data = data;
  }

  /** Colour of each area (feature index), as CSS rgb()/rgba(); drawn from the next frame on. */
  setColours(colours: readonly string[]): void {
    const rows = Math.max(1, Math.ceil(colours.length / ROW));
    const table = new Uint8Array(ROW * rows * 4);
    colours.forEach((c, i) => table.set(premultipliedRgba(c), 4 * i));
    this.colours = table;
    this.coloursDirty = true;
  }

  onAdd(map: MlMap, gl: WebGL2RenderingContext): void {
    this.map = map;
    const program = linkProgram(gl, VERTEX, FRAGMENT, 'ward fill');
    const vao = gl.createVertexArray() as WebGLVertexArrayObject;
    const positions = gl.createBuffer() as WebGLBuffer;
    const areas = gl.createBuffer() as WebGLBuffer;
    const indices = gl.createBuffer() as WebGLBuffer;
    gl.bindVertexArray(vao);
    const aPosition = gl.getAttribLocation(program, 'a_position');
    gl.bindBuffer(gl.ARRAY_BUFFER, positions);
    gl.enableVertexAttribArray(aPosition);
    gl.vertexAttribPointer(aPosition, 2, gl.FLOAT, false, 0, 0);
    const aArea = gl.getAttribLocation(program, 'a_area');
    gl.bindBuffer(gl.ARRAY_BUFFER, areas);
    gl.enableVertexAttribArray(aArea);
    gl.vertexAttribPointer(aArea, 1, gl.FLOAT, false, 0, 0);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, indices);
    gl.bindVertexArray(null);
    gl.bindBuffer(gl.ARRAY_BUFFER, null);
    const texture = gl.createTexture() as WebGLTexture;
    this.gl = {
      program,
      vao,
      positions,
      areas,
      indices,
      texture,
      uMatrix: gl.getUniformLocation(program, 'u_matrix'),
      uColours: gl.getUniformLocation(program, 'u_colours'),
      uWidth: gl.getUniformLocation(program, 'u_width'),
    };
    this.uploaded = null;
    this.coloursDirty = true;
  }

  onRemove(_map: MlMap, gl: WebGL2RenderingContext): void {
    if (this.gl) deleteGlObjects(gl, this.gl);
    this.gl = null;
    this.map = null;
  }

  render(gl: WebGL2RenderingContext, options: CustomRenderMethodInput): void {
    const s = this.gl;
    const map = this.map;
    if (!s || !map || !this.data || this.colours.length === 0) return;
    const data = this.data.triangles(levelTolerance(map.getZoom()));
    if (data.indices.length === 0) return;
    gl.bindVertexArray(s.vao);
    if (this.uploaded !== data) {
      gl.bindBuffer(gl.ARRAY_BUFFER, s.positions);
      gl.bufferData(gl.ARRAY_BUFFER, data.positions, gl.STATIC_DRAW);
      gl.bindBuffer(gl.ARRAY_BUFFER, s.areas);
      gl.bufferData(gl.ARRAY_BUFFER, data.area, gl.STATIC_DRAW);
      gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, data.indices, gl.STATIC_DRAW);
      this.uploaded = data;
    }
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, s.texture);
    if (this.coloursDirty) {
      gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
      gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
      gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
      gl.texImage2D(
        gl.TEXTURE_2D,
        0,
        gl.RGBA8,
        ROW,
        this.colours.length / 4 / ROW,
        0,
        gl.RGBA,
        gl.UNSIGNED_BYTE,
        this.colours,
      );
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
      this.coloursDirty = false;
    }
    gl.useProgram(s.program);
    gl.uniformMatrix4fv(
      s.uMatrix,
      false,
      relativeMatrix(options.modelViewProjectionMatrix as ArrayLike<number>, map.getZoom(), data.origin),
    );
    gl.uniform1i(s.uColours, 0);
    gl.uniform1i(s.uWidth, ROW);
    premultipliedBlending(gl);
    gl.drawElements(gl.TRIANGLES, data.indices.length, gl.UNSIGNED_INT, 0);
    gl.bindVertexArray(null);
    gl.bindBuffer(gl.ARRAY_BUFFER, null);
    gl.bindTexture(gl.TEXTURE_2D, null);
  }
}
