/**
 * Where a check result's JSON pointer stands in the topology file. The walk lives with the
 * topology (models/topology/pointerPosition.ts): properties order their problems by it too.
 */
export { locate, pointerSegments, type Located } from '../../models/topology/pointerPosition.js';
