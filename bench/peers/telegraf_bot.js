// The Telegraf peer: a webhook bot (secret token checked) that answers every text message through the Bot API.
'use strict';
const { Telegraf } = require('telegraf');
const { message } = require('telegraf/filters');
const { settings, botInfo, replyOf, listen } = require('./common');

// webhookReply off: the reply is a sendMessage call to the API, not the body of the webhook's answer.
const bot = new Telegraf(settings.token, { telegram: { apiRoot: settings.apiRoot, webhookReply: false } });
bot.botInfo = botInfo;
bot.on(message('text'), (ctx) => {
  const r = replyOf(ctx.from.first_name);
  return ctx.reply(r.text, r.extra);
});
bot.catch((err) => console.error('Telegraf handler error:', err.message));

listen(bot.webhookCallback(settings.path, { secretToken: settings.secret }));
