/** sin(x), bit-identical in every JavaScript engine (fdlibm kernels, Cody–Waite reduction). */
export function sin(x: number): number;
/** cos(x), bit-identical in every JavaScript engine. */
export function cos(x: number): number;
