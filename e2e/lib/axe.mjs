// axe-core through @axe-core/playwright: a test fails on any violation, listing each with
// its rule, help link and the elements it found.

import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';

function formatViolations(violations) {
  return violations
    .map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n` +
        v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n'),
    )
    .join('\n');
}

/** `include`: a selector to check only that part of the page (a theme's own faults aside). */
export async function assertNoAxeViolations(page, what, { include } = {}) {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  assert.equal(
    results.violations.length,
    0,
    `axe found ${results.violations.length} violation(s) on ${what}:\n${formatViolations(results.violations)}`,
  );
}

