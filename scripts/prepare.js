// flowgate's own `npm install`: build, then install flowgate's hooks into this repository (dogfooding).
import { execFileSync } from 'node:child_process';

try {
  execFileSync(process.execPath, ['scripts/build.js'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['dist/cli.js', 'install'], { stdio: 'inherit' });
} catch {
  console.error('flowgate: prepare failed (see above); run `npm run build` and `node dist/cli.js install` by hand.');
  process.exitCode = 1;
}
