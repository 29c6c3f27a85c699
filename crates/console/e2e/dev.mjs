// Starts a server for trying the console by hand; prints its URL and
// tokens; Ctrl-C stops it.
import { startServer } from './server.mjs';

const s = await startServer(['Administrator', 'Helpy', 'Viewer', 'Roley']);
console.log(`${s.url}/console/`);
console.log(`store\t${s.db}`);
for (const [p, t] of Object.entries(s.tokens)) console.log(`${p}\t${t}`);
// Ctrl-C or a kill stops the server too (server.mjs).
