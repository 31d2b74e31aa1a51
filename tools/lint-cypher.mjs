// Check Cypher statements with Neo4j's own parser and semantic analysis, offline.
//
// Uses @neo4j-cypher/language-support (the parser behind Neo4j's editor tooling, with the
// server's semantic analysis compiled in), so a statement it rejects would be rejected by a
// Neo4j 5 server too. We run it from the Python tests because no Neo4j server runs here.
//
// stdin:  a JSON list of statements, each a string or {"name", "query", "parameters"}, or an
//         object {"schema": {...}, "statements": [...]}; schema may give labels,
//         relationshipTypes and propertyKeys (unknown ones are then reported as warnings).
//         When a statement gives "parameters", using any other $parameter is an error; when it
//         does not, undefined-parameter diagnostics are dropped (we cannot know its parameters).
// stdout: a JSON list of diagnostics, each {index, name, severity, message, line, column,
//         start, end, excerpt}; severity is "error", "warning", "info" or "hint".
// exit:   0 when the input was read (look at the diagnostics), 2 for unreadable input.
//
// Functions and procedures are checked against the registry the package ships (a dump of a
// Neo4j 5 server's), minus the APOC and GDS plugins, which a plain Neo4j Community lacks.

import { isNotParamError, lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };
const VERSION = 'CYPHER 5';
const PLUGIN_PREFIXES = ['apoc.', 'gds.'];

function withoutPlugins(registry) {
  const out = {};
  for (const [version, entries] of Object.entries(registry ?? {})) {
    out[version] = Object.fromEntries(
      Object.entries(entries).filter(([name]) => !PLUGIN_PREFIXES.some((p) => name.startsWith(p))),
    );
  }
  return out;
}

const FUNCTIONS = withoutPlugins(testData.mockSchema.functions);
const PROCEDURES = withoutPlugins(testData.mockSchema.procedures);

function readStdin() {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (text += chunk));
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

function position(query, offset) {
  const before = query.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

function lintOne(item, index, schema) {
  const entry = typeof item === 'string' ? { query: item } : item;
  if (!entry || typeof entry.query !== 'string') {
    throw new Error(`statement ${index} has no "query" string`);
  }
  const knowsParams = entry.parameters !== undefined && entry.parameters !== null;
  const dbSchema = {
    ...schema,
    functions: FUNCTIONS,
    procedures: PROCEDURES,
    defaultLanguage: VERSION,
    parameters: knowsParams ? entry.parameters : {},
  };
  const { diagnostics } = lintCypherQuery(entry.query, dbSchema);
  return diagnostics
    .filter((d) => knowsParams || isNotParamError(d))
    .map((d) => {
      const start = d.offsets?.start ?? 0;
      const end = d.offsets?.end ?? start;
      return {
        index,
        name: entry.name ?? null,
        severity: SEVERITY[d.severity] ?? String(d.severity),
        message: d.message,
        ...position(entry.query, start),
        start,
        end,
        excerpt: entry.query.slice(Math.max(0, start - 30), end + 30),
      };
    });
}

async function main() {
  let input;
  try {
    input = JSON.parse(await readStdin());
  } catch (err) {
    process.stderr.write(`lint-cypher: stdin is not JSON: ${err.message}\n`);
    process.exit(2);
  }
  const statements = Array.isArray(input) ? input : input?.statements;
  const schema = Array.isArray(input) ? {} : { ...(input?.schema ?? {}) };
  if (!Array.isArray(statements)) {
    process.stderr.write('lint-cypher: expected a JSON list of statements (or {"statements": [...]})\n');
    process.exit(2);
  }
  const out = [];
  try {
    statements.forEach((item, i) => out.push(...lintOne(item, i, schema)));
  } catch (err) {
    process.stderr.write(`lint-cypher: ${err.message}\n`);
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}

main();
