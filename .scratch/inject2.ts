import inject from 'light-my-request';
import express from 'express';
const app = express();
app.use((req, res) => res.json({ url: req.url }));
for (const url of ['/api/campaigns/%E0%A4%A', '/api/x/%', '/a/%G1?b=%00&c=%', '/a/é?x=ü']) {
  const r = await inject(app as any, { method: 'GET', url });
  console.log(url, '->', r.body);
}
