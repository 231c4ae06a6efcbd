// The Ishigami function (a = 7, b = 0.1), the usual test of sensitivity analysis: run
// in-process, so a campaign of thousands of runs takes well under a second.
// Analytic: mean 3.5, variance 13.8446; S = [0.3139, 0.4424, 0]; ST = [0.5576, 0.4424, 0.2437].
export default function ishigami({ x1, x2, x3 }) {
  return { y: Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1) };
}
