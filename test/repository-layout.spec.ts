import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * nest-cli.json is the map of the monorepo (Nest's convention), not the build: the build
 * is scripts/build.js with SWC and @nestjs/cli is not a dependency. So the file must name
 * exactly the apps and libs that exist and claim no compiler, builder or schematics.
 */
const root = path.resolve(__dirname, '..');
const nestCli = JSON.parse(readFileSync(path.join(root, 'nest-cli.json'), 'utf8')) as {
  compilerOptions?: unknown;
  collection?: unknown;
  projects: Record<string, { type: string; root: string; sourceRoot: string; entryFile: string }>;
};
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

function projectDirs(kind: 'apps' | 'libs'): string[] {
  return readdirSync(path.join(root, kind), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(root, kind, entry.name, 'src')))
    .map((entry) => `${kind}/${entry.name}`)
    .sort();
}

describe('nest-cli.json', () => {
  it('names every app and lib of the tree, and nothing else', () => {
    const named = Object.values(nestCli.projects)
      .map((project) => project.root)
      .sort();
    expect(named).toEqual([...projectDirs('apps'), ...projectDirs('libs')].sort());
  });

  it('points every project at an entry file that exists', () => {
    for (const project of Object.values(nestCli.projects)) {
      expect(project.type).toBe(project.root.startsWith('apps/') ? 'application' : 'library');
      expect(existsSync(path.join(root, project.sourceRoot, `${project.entryFile}.ts`))).toBe(true);
    }
  });

  it('claims no build: the build is scripts/build.js, and the Nest CLI is not installed', () => {
    expect(nestCli.compilerOptions).toBeUndefined();
    expect(nestCli.collection).toBeUndefined();
    expect(packageJson.scripts.build).toBe('node scripts/build.js');
    expect({ ...packageJson.dependencies, ...packageJson.devDependencies }).not.toHaveProperty('@nestjs/cli');
  });
});
