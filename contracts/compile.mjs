// Compiles contracts/solidity with the pinned solc-js into one JSON artifact per contract (ABI + bytecode).
// Usage: node compile.mjs <main-out-dir> <test-out-dir>
//   solidity/*.sol      -> <main-out-dir>/<Contract>.json
//   solidity/test/*.sol -> <test-out-dir>/<Contract>.json (test-only contracts)
// Deterministic: fixed settings, sorted inputs, source unit names relative to solidity/ (they end up in the
// metadata hash at the end of the bytecode), no timestamps or absolute paths in the output.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import solc from 'solc';

const here = path.dirname(fileURLToPath(import.meta.url));
const sourceRoot = path.join(here, 'solidity');
const nodeModules = path.join(here, 'node_modules');

export const SETTINGS = {
  evmVersion: 'cancun',
  optimizer: { enabled: true, runs: 200 },
  viaIR: false,
  metadata: { bytecodeHash: 'ipfs' },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
};

function listSources(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => e.isDirectory()
      ? listSources(path.join(dir, e.name), `${prefix}${e.name}/`)
      : e.name.endsWith('.sol') ? [`${prefix}${e.name}`] : []);
}

// Imports are either relative (already resolved by solc against the importing unit) or npm packages.
function findImports(unit) {
  for (const base of [sourceRoot, nodeModules]) {
    const file = path.join(base, unit);
    if (file.startsWith(base + path.sep) && fs.existsSync(file)) {
      return { contents: fs.readFileSync(file, 'utf8') };
    }
  }
  return { error: `not found: ${unit}` };
}

function compile() {
  const sources = Object.fromEntries(
    listSources(sourceRoot).map((unit) => [unit, { content: fs.readFileSync(path.join(sourceRoot, unit), 'utf8') }]));
  const input = { language: 'Solidity', sources, settings: SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  for (const e of output.errors ?? []) {
    process.stderr.write(e.formattedMessage + '\n');
  }
  if (errors.length > 0) {
    throw new Error(`solc reported ${errors.length} error(s)`);
  }
  return output;
}

function writeArtifacts(output, mainDir, testDir) {
  for (const unit of Object.keys(output.contracts).sort()) {
    if (unit.startsWith('@')) {
      continue; // library code: compiled into ours, no artifacts of its own
    }
    const outDir = unit.startsWith('test/') ? testDir : mainDir;
    for (const name of Object.keys(output.contracts[unit]).sort()) {
      const c = output.contracts[unit][name];
      if (c.evm.bytecode.object === '') {
        continue; // interfaces and abstract contracts
      }
      const artifact = {
        contractName: name,
        sourceName: unit,
        compiler: { name: 'solc-js', version: solc.version() },
        settings: { evmVersion: SETTINGS.evmVersion, optimizer: SETTINGS.optimizer, viaIR: SETTINGS.viaIR },
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      };
      fs.mkdirSync(outDir, { recursive: true });
      fs.writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(artifact, null, 2) + '\n');
    }
  }
}

const [mainDir, testDir] = process.argv.slice(2);
if (!mainDir || !testDir) {
  process.stderr.write('usage: node compile.mjs <main-out-dir> <test-out-dir>\n');
  process.exit(2);
}
writeArtifacts(compile(), path.resolve(mainDir), path.resolve(testDir));
