// The API server's printers for apps/v1 Deployments and StatefulSets (k8s.io/kubernetes
// pkg/printers/internalversion/printers.go: printDeployment, printStatefulSet): READY is
// readyReplicas/spec.replicas, and the wide columns list the template's containers, images and
// (for Deployments) the selector.

import type { V1Deployment, V1PodTemplateSpec, V1StatefulSet } from '@kubernetes/client-node';
import { formatLabelSelector, labelSelectorFromObject } from '../store/label-selector.js';
import { ageSince } from './human-duration.js';
import { ageColumn, column, nameColumn, type Printer } from './table.js';

const readyColumn = column('Ready', 'string', 'Number of the pod with ready state');
const containersColumn = column('Containers', 'string',
  'Names of each container in the template.', { wide: true });
const imagesColumn = column('Images', 'string',
  'Images referenced by each container in the template.', { wide: true });

function containerCells(template: V1PodTemplateSpec | undefined): [string, string] {
  const containers = template?.spec?.containers ?? [];
  return [containers.map((container) => container.name).join(','),
    containers.map((container) => container.image ?? '').join(',')];
}

export const deploymentPrinter: Printer = {
  columns: [
    nameColumn, readyColumn,
    column('Up-to-date', 'integer', 'Total number of non-terminated pods targeted by this ' +
      'deployment that have the desired template spec.'),
    column('Available', 'integer', 'Total number of available pods (ready for at least ' +
      'minReadySeconds) targeted by this deployment.'),
    ageColumn, containersColumn, imagesColumn,
    column('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are ' +
      'selected by this will be the ones affected by this deployment. It must match the pod ' +
      'template\'s labels.', { wide: true }),
  ],
  row(object, nowMs) {
    const deployment = object as V1Deployment;
    const status = deployment.status;
    const selector = labelSelectorFromObject(deployment.spec?.selector ?? {});
    const selectorText = selector.ok ? formatLabelSelector(selector.value) : '';
    return { cells: [
      deployment.metadata?.name ?? '',
      `${status?.readyReplicas ?? 0}/${deployment.spec?.replicas ?? 0}`,
      status?.updatedReplicas ?? 0, status?.availableReplicas ?? 0,
      ageSince(deployment.metadata?.creationTimestamp, nowMs),
      ...containerCells(deployment.spec?.template),
      selectorText === '' ? '<none>' : selectorText,
    ] };
  },
};

export const statefulSetPrinter: Printer = {
  columns: [nameColumn, readyColumn, ageColumn, containersColumn, imagesColumn],
  row(object, nowMs) {
    const statefulSet = object as V1StatefulSet;
    return { cells: [
      statefulSet.metadata?.name ?? '',
      `${statefulSet.status?.readyReplicas ?? 0}/${statefulSet.spec?.replicas ?? 0}`,
      ageSince(statefulSet.metadata?.creationTimestamp, nowMs),
      ...containerCells(statefulSet.spec?.template),
    ] };
  },
};
