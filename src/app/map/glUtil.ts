/** Small WebGL helpers shared by the map's custom layers (outlineLayer.ts, fillLayer.ts). */

/** A linked program from vertex and fragment sources; throws with the driver's log (`what` names the layer). */
export function linkProgram(gl: WebGL2RenderingContext, vertex: string, fragment: string, what: string): WebGLProgram {
  const compile = (type: number, source: string): WebGLShader => {
    const s = gl.createShader(type) as WebGLShader;
    gl.shaderSource(s, source);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(`${what} shader: ${gl.getShaderInfoLog(s) ?? 'does not compile'}`);
    return s;
  };
  const program = gl.createProgram() as WebGLProgram;
  gl.attachShader(program, compile(gl.VERTEX_SHADER, vertex));
  gl.attachShader(program, compile(gl.FRAGMENT_SHADER, fragment));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`${what} program: ${gl.getProgramInfoLog(program) ?? 'does not link'}`);
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
