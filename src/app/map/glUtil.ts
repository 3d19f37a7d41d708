/** Small WebGL helpers shared by the map's custom layers (outlineLayer.ts, fillLayer.ts). */

/** A linked program from vertex and fragment sources; throws with the driver's log (`what` names the layer). */
export function linkProgram(gl: WebGL2RenderingContext, vertex: string, fragment: string, what: string): WebGLProgram {
  const compile = (type: number, source: string): WebGLShader => {
    const s = gl.createShader(type) as WebGLShader;
    gl.shaderSource(s, source);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS))
      throw new Error(`${what} shader: ${gl.getShaderInfoLog(s) ?? 'does not compile'}`);
    return s;
  };
  const program = gl.createProgram() as WebGLProgram;
  gl.attachShader(program, compile(gl.VERTEX_SHADER, vertex));
  gl.attachShader(program, compile(gl.FRAGMENT_SHADER, fragment));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS))
    throw new Error(`${what} program: ${gl.getProgramInfoLog(program) ?? 'does not link'}`);
  return program;
}

/**
 * MapLibre's custom-layer matrix takes world pixels (mercator × world size, in float64); this
 * folds the world size (512 · 2^zoom) and a mercator origin into it, in float64, so that a
 * shader multiplies small float32 coordinates relative to the origin.
 */
export function relativeMatrix(mvp: ArrayLike<number>, zoom: number, origin: readonly [number, number]): Float32Array {
  const ws = 512 * 2 ** zoom;
  const [ox, oy] = origin;
  const u = new Float32Array(16);
  for (let r = 0; r < 4; r++) {
    u[r] = mvp[r] * ws;
    u[4 + r] = mvp[4 + r] * ws;
    u[8 + r] = mvp[8 + r];
    u[12 + r] = mvp[r] * ox * ws + mvp[4 + r] * oy * ws + mvp[12 + r];
  }
  return u;
}

/** Simplification tolerance, in pixels at the zoom level's start, and the deepest level simplified for. */
const TOLERANCE_PX = 0.5;
const MAX_LEVEL = 20;

/**
 * The simplification tolerance (mercator units) for drawing at `zoom`: half a pixel at the
 * whole zoom level below, so within a pixel until the next level (what MapLibre's own layers
 * do with their tiles' 1 px tolerance); one tolerance per level, so simplified shapes are
 * cached per level.
 */
export function levelTolerance(zoom: number): number {
  const level = Math.min(MAX_LEVEL, Math.max(0, Math.floor(zoom)));
  return TOLERANCE_PX / (512 * 2 ** level);
}

/** The state the custom layers draw in: no depth, stencil or culling; premultiplied-alpha blending. */
export function premultipliedBlending(gl: WebGL2RenderingContext): void {
  gl.disable(gl.DEPTH_TEST);
  gl.disable(gl.STENCIL_TEST);
  gl.disable(gl.CULL_FACE);
  gl.enable(gl.BLEND);
  gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
}

/** Deletes every buffer, vertex array, texture and program among `objects`' values (a layer's GL state). */
export function deleteGlObjects(gl: WebGL2RenderingContext, objects: object): void {
  for (const o of Object.values(objects)) {
    if (o instanceof WebGLBuffer) gl.deleteBuffer(o);
    else if (o instanceof WebGLVertexArrayObject) gl.deleteVertexArray(o);
    else if (o instanceof WebGLTexture) gl.deleteTexture(o);
    else if (o instanceof WebGLProgram) gl.deleteProgram(o);
  }
}
