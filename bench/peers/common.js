// What both peer bots share: settings from the environment, the reply they send, and a listener on 127.0.0.1.
'use strict';
const http = require('http');

const settings = {
  token: process.env.BENCH_TOKEN,
  secret: process.env.BENCH_SECRET,
  apiRoot: process.env.BENCH_API_ROOT,
  path: '/webhook/telegram',
};

// The bot's own description, given up front so neither framework calls getMe.
const botInfo = {
  id: 7700000001, is_bot: true, first_name: 'Bench', username: 'bench_bot',
  can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false,
  can_connect_to_business: false, has_main_web_app: false,
};

// A greeting with a six-button inline keyboard, about the size of hocvuso's /start menu.
function replyOf(name) {
  const rows = [['Học kỹ năng số', 'Kiểm tra kiến thức'], ['Hỏi đáp', 'Cảnh báo lừa đảo'], ['Báo cáo', 'Trợ giúp']];
  return {
    text: `Xin chào ${name}! 👋 Mình là trợ lý Bình dân học vụ số. Bạn muốn làm gì?`,
    extra: { reply_markup: { inline_keyboard: rows.map((r, i) => r.map((label, j) => ({ text: label, callback_data: `menu:${i}${j}` }))) } },
  };
}

// Serves `handler` on 127.0.0.1 at a free port and tells the bench which one (the only stdout line).
function listen(handler) {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 60000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

module.exports = { settings, botInfo, replyOf, listen };
