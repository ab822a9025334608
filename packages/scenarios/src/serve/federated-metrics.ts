// The /metrics of a served world: what one Prometheus scraping every daemon and the controlplane
// would hold, as one exposition. Each series keeps its own labels and gains the scrape target's
// `job` (terway-daemon, terway-controlplane) and, for a daemon, `node`; a series' own label of the
// same name becomes `exported_<name>`, as Prometheus renames it (honor_labels false). Families
// come sorted by name, series in the order the sources were scraped (world's node order).

import {
  expositionOf, type FamilySnapshot, type LabelValues, type SeriesSnapshot,
} from '@terway-sim/terway-core';
import type { MetricsScrape } from '@terway-sim/world';

function withTarget(own: LabelValues, target: LabelValues): LabelValues {
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(own)) {
    labels[name in target ? `exported_${name}` : name] = value;
  }
  return { ...labels, ...target };
}

/** Every exported family of every source, merged by name, with the target labels added. */
export function federatedExposition(scrape: MetricsScrape): string {
  const families = new Map<string, { family: FamilySnapshot; series: SeriesSnapshot[] }>();
  for (const source of scrape.sources) {
    const target: LabelValues = source.node === undefined
      ? { job: source.job } : { job: source.job, node: source.node };
    for (const family of source.exported) {
      const merged = families.get(family.name) ?? { family, series: [] };
      families.set(family.name, merged);
      for (const series of family.series) {
        merged.series.push({ ...series, labels: withTarget(series.labels, target) });
      }
    }
  }
  const names = [...families.keys()].sort();
  return expositionOf(names.map((name) => {
    const { family, series } = families.get(name)!;
    return { ...family, series };
  }));
}
