// A TypeDoc plugin that files each export of the API site under the layer it comes from
// (numerics, distributions, samplers and spaces, campaigns, runners, io, analysis, report,
// errors), judged by the source file that declares it. An explicit `@category` tag in a doc
// comment wins. Doing it here keeps the sources free of one tag per export, and files a new
// export by itself. Loaded by typedoc.json ("plugin").
import { Converter, ReflectionCategory, ReflectionKind } from 'typedoc';

/** Source paths (relative to the repository, by prefix; the first match wins) → category. */
export const CATEGORY_BY_PATH = [
  ['src/core/errors.ts', 'Errors'],
  ['src/errors.ts', 'Errors'],
  ['src/io/errors.ts', 'Errors'],
  ['src/core/detmath.ts', 'Numerics'],
  ['src/core/identity.ts', 'Campaigns'],
  ['src/core/processes.ts', 'Runners'],
  ['src/core/', 'Setup and memory'],
  ['src/numerics/', 'Numerics'],
  ['src/distributions/', 'Distributions'],
  ['src/samplers/', 'Samplers and spaces'],
  ['src/space/', 'Samplers and spaces'],
  ['src/campaign/', 'Campaigns'],
  ['src/execution/', 'Runners'],
  ['src/io/', 'IO'],
  ['src/analysis/', 'Analysis'],
  ['src/report/', 'Report'],
];

function sourcePath(reflection) {
  let target = reflection;
  if (reflection.isReference?.()) target = reflection.tryGetTargetReflectionDeep() ?? reflection;
  const source = target.sources?.[0] ?? target.signatures?.[0]?.sources?.[0];
  return source ? source.fileName.replace(/\\/g, '/') : '';
}

function explicitCategory(reflection) {
  const tags = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)]
    .flatMap((c) => c?.blockTags ?? [])
    .filter((t) => t.tag === '@category');
  return tags.length ? tags[0].content.map((p) => p.text).join('').trim() : undefined;
}

function categoryOf(reflection) {
  const explicit = explicitCategory(reflection);
  if (explicit) return explicit;
  const path = sourcePath(reflection);
  const hit = CATEGORY_BY_PATH.find(([prefix]) => path === prefix || path.startsWith(prefix) || path.endsWith('/' + prefix));
  return hit ? hit[1] : 'Other';
}

/** Called by TypeDoc with the application when it loads the plugin. */
export function load(app) {
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      const order = app.options.getValue('categoryOrder');
      const weight = (title) => {
        const i = order.indexOf(title);
        return i === -1 ? order.length : i;
      };
      for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
        const children = module.childrenIncludingDocuments ?? [];
        if (children.length === 0) continue;
        const byTitle = new Map();
        for (const child of children) {
          const title = categoryOf(child);
          if (!byTitle.has(title)) byTitle.set(title, new ReflectionCategory(title));
          byTitle.get(title).children.push(child);
        }
        for (const category of byTitle.values()) category.children.sort((a, b) => a.name.localeCompare(b.name));
        module.categories = [...byTitle.values()].sort((a, b) => weight(a.title) - weight(b.title) || a.title.localeCompare(b.title));
      }
    },
    -300, // after TypeDoc's own CategoryPlugin (-200), whose result this replaces
  );
}
