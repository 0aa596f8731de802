# A lesson from the menu: the list, steps with Tiếp, a branch, Quay lại, free text in
# the middle, the end with the quiz offered, progress, and /menu leaving the lesson.
> {"user":"u1","name":"Bà Lan","text":"/start"}
< Xin chào Bà Lan! 👋
> u1 press: 📚 Học kỹ năng số
< Chọn một bài để học
< ▫️ Cài ứng dụng VNeID an toàn

> u1 button: learn:vneid-install
< 📚 Cài ứng dụng VNeID an toàn
< VNeID là ứng dụng định danh điện tử quốc gia
buttons: Tiếp ▶️ | 🔄 Làm lại từ đầu | ↩️ Về menu
payloads: ls:vneid-install:phone | learn:vneid-install | menu:home

> u1 press: Tiếp ▶️
< Điện thoại của bạn là loại nào?
buttons: Android | iPhone | ◀️ Quay lại | 🔄 Làm lại từ đầu | ↩️ Về menu

> u1 press: iPhone
< Mở App Store
< chưa xác nhận

> u1 press: ◀️ Quay lại
< Điện thoại của bạn là loại nào?

> u1 press: Android
< Mở CH Play

# A question in the middle of a lesson: answered as free text is, then a way back in.
> u1: quen mat khau vneid thi lam sao
< Quên mật khẩu
< Bạn đang học dở một bài
replies: 2
> u1 press: ▶️ Học tiếp
< Mở CH Play

# /tiendo in the middle of the first lesson: nothing finished yet, and a way back in.
> u1: /tiendo
< Bạn chưa xong bài nào. Bạn đang học dở một bài.
buttons: ▶️ Học tiếp | ↩️ Về menu
> u1 press: ▶️ Học tiếp
< Mở CH Play

> u1 press: Tiếp ▶️
< Chỉ cài từ CH Play hoặc App Store
> u1 press: Tiếp ▶️
< Cập nhật
> u1 press: Tiếp ▶️
< NFC
> u1 press: Tiếp ▶️
< Tóm lại
< 🎉 Bạn đã học xong bài "Cài ứng dụng VNeID an toàn".
buttons: ✅ Làm bài kiểm tra | ◀️ Quay lại | 🔄 Làm lại từ đầu | ↩️ Về menu
payloads: qs:vneid-install | lb:vneid-install | learn:vneid-install | menu:home

> u1: /tiendo
< Bài đã học xong: 1/11
< ✅ Cài ứng dụng VNeID an toàn
< Lộ trình "Công dân số cơ bản": xong 1/8 phần.

# The FAQ links answers to lessons with learn:<id> buttons.
> u1 button: learn:scams
< Nguyên tắc vàng
> u1: /menu
< Menu chính
> u1: chào
< Chào bạn
replies: 1
