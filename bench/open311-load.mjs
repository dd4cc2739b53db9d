// Load generator for bench/open311.bench.ts, run in its own process so it does not share the server's event
// loop: CONNECTIONS keep-alive connections (node:http Agent) each send form-encoded `POST requests` back to
// back for WARMUP + DURATION seconds; only requests started after the warm-up are counted. Prints one JSON line
// (with the generator's own CPU time, so the bench can tell what the server and PostgreSQL cost per request).
import http from 'node:http';

const [url, apiKey, jurisdiction, serviceCode] = process.argv.slice(2);
const connections = Number(process.env.CONNECTIONS ?? 32);
const durationMs = Number(process.env.DURATION ?? 15) * 1000;
const warmupMs = Number(process.env.WARMUP ?? 3) * 1000;
const target = new URL(`${url}/open311/v2/requests.json`);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });

const latencies = [];
const statuses = new Map();
let errors = 0;
let sequence = 0;
const started = performance.now();
const measureFrom = started + warmupMs;
const stopAt = measureFrom + durationMs;

function send() {
  return new Promise((resolve) => {
    sequence += 1;
    const body = new URLSearchParams({
      api_key: apiKey,
      jurisdiction_id: jurisdiction,
      service_code: serviceCode,
      lat: (55 + (sequence % 1000) / 10000).toFixed(5),
      long: (37 + (sequence % 700) / 10000).toFixed(5),
      description: `Не горит фонарь у дома ${sequence % 500}, подъезд ${sequence % 7}`,
      first_name: 'Иван',
      email: 'resident@example.ru',
    }).toString();
    const begin = performance.now();
    const request = http.request(
      target,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          const end = performance.now();
          if (begin >= measureFrom && end <= stopAt) {
            latencies.push(end - begin);
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          }
          resolve();
        });
      },
    );
    request.on('error', () => {
      if (begin >= measureFrom) errors += 1;
      resolve();
    });
    request.end(body);
  });
}

async function worker() {
  while (performance.now() < stopAt) await send();
}

await Promise.all(Array.from({ length: connections }, worker));
agent.destroy();
latencies.sort((left, right) => left - right);
const at = (share) => latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))] ?? 0;
const ok = statuses.get(200) ?? 0;
process.stdout.write(
  `${JSON.stringify({
    connections,
    seconds: durationMs / 1000,
    completed: latencies.length,
    ok,
    statuses: Object.fromEntries(statuses),
    errors,
    rps: latencies.length / (durationMs / 1000),
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: latencies.at(-1) ?? 0,
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    sent: sequence,
  })}\n`,
);
