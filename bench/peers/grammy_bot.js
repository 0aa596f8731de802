// The grammY peer: a webhook bot (secret token checked) that answers every text message through the Bot API.
'use strict';
const { Bot, webhookCallback } = require('grammy');
const { settings, botInfo, replyOf, listen } = require('./common');

const bot = new Bot(settings.token, { botInfo, client: { apiRoot: settings.apiRoot } });
bot.on('message:text', (ctx) => {
  const r = replyOf(ctx.from.first_name);
  return ctx.reply(r.text, r.extra);
});
bot.catch((err) => console.error('grammY handler error:', err.message));

const callback = webhookCallback(bot, 'http', { secretToken: settings.secret });
listen((req, res) => {
  if (req.method === 'POST' && req.url === settings.path) return callback(req, res);
  res.writeHead(404).end();
});
