// The cooling coffee cup as an in-process model: the exact solution of Newton's law of cooling,
// T(t) = t_env + (T0 - t_env) exp(-kappa t), at steps + 1 times from 0 to t_end.
export default function cooling({ T0, kappa, t_env, t_end, steps }) {
  const t = Array.from({ length: steps + 1 }, (_, i) => (t_end * i) / steps);
  return { t, te: t.map((x) => t_env + (T0 - t_env) * Math.exp(-kappa * x)) };
}
