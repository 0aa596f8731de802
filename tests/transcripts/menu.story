# The main menu: greeting, five entries, every entry answers plainly, and back.
> {"user":"u1","name":"Bà Lan","text":"/start"}
< Xin chào Bà Lan!
< Bạn muốn làm gì?
buttons: 📚 Học kỹ năng số | ✅ Kiểm tra kiến thức | ❓ Hỏi đáp | ⚠️ Cảnh báo lừa đảo | 🤝 Nhờ Tổ CNSCĐ hỗ trợ
payloads: menu:learn | menu:quiz | menu:faq | menu:scam | menu:team
chat: u1

# A returning person is greeted as one, by the name the platform gives.
> u1: /start
< Chào Bà Lan, rất vui gặp lại bạn!
! Xin chào

> u1 press: 📚 Học kỹ năng số
< Chọn một bài để học
buttons: Cài VNeID an toàn | Mức 1 và mức 2 | Kích hoạt tài khoản | Quên mật khẩu | Xem thêm ▶️

> u1 button: menu:home
< Menu chính
payloads: menu:learn | menu:quiz | menu:faq | menu:scam | menu:team

> u1 press: ✅ Kiểm tra kiến thức
< Chọn bài kiểm tra
> u1 button: menu:faq
< gõ câu hỏi
> u1 button: menu:scam
< không đưa mã OTP
> u1 button: menu:team
< xã, phường nào

> u1: /menu
< Menu chính
replies: 1

# Someone who never wrote /start still gets a name-less welcome.
> u2: /start
< Xin chào bạn!

# Nothing but "I want to ask": a friendly word, how to ask, and the menu.
> u1: toi muon hoi
< Chào bạn
< gõ câu hỏi
payloads: menu:learn | menu:quiz | menu:faq | menu:scam | menu:team

> u1: /abc
< Mình chưa biết lệnh /abc
# A photo or sticker (the adapters turn it into this payload): a polite note in private, silence in a group.
> u1 button: sys:unsupported
< chỉ đọc được tin nhắn chữ
payloads: menu:learn | menu:quiz | menu:faq | menu:scam | menu:team
> {"user":"u7","chat":"g1","chat_type":"group","chat_title":"Nhà mình","button":"sys:unsupported"}
no reply
