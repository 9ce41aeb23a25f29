/**
 * The parts of SARIF 2.1.0 the report writes, named as the schema names them
 * (test/fixtures/sarif/sarif-schema-2.1.0.json); a test validates every report against the schema.
 */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

export interface SarifRun {
  tool: { driver: { name: string; version: string; semanticVersion: string; rules: SarifRule[] } };
  artifacts: { location: { uri: string }; roles: string[] }[];
  columnKind: 'utf16CodeUnits';
  invocations: { executionSuccessful: boolean }[];
  results: SarifResult[];
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: { tags: string[] };
}

export interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; index: number }; region: { startLine: number; startColumn: number } };
  message?: { text: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind: 'fail' | 'open';
  level: 'error' | 'warning' | 'none';
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: (SarifLocation & { id: number })[];
  codeFlows?: SarifCodeFlow[];
  suppressions?: { kind: 'inSource'; status: 'accepted'; justification: string; location: SarifLocation }[];
  properties: Record<string, unknown>;
}

export interface SarifCodeFlow {
  message: { text: string };
  threadFlows: {
    message?: { text: string };
    locations: { location: SarifLocation; nestingLevel: number; executionOrder: number; importance: 'important' | 'essential' | 'unimportant' }[];
  }[];
}
