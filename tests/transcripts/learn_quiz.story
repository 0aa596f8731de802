# Quizzes as a citizen takes them (item order is seeded by the attempt id, so it is
# the same on every run): one passed with every answer right, one failed, then a
# retry of the wrong items only, and the scores in /tiendo.
> u1: /start
< Xin chào bạn! 👋
> u1 press: ✅ Kiểm tra kiến thức
< Chọn bài kiểm tra
> u1 button: qs:vneid-levels
< ✅ Kiểm tra: Tài khoản mức 1 và mức 2
< Có 11 câu. Đúng từ 8 câu là đạt.
< Câu 1/11
# "Không biết" is not a question for the FAQ ("no answer"): she is encouraged to pick
# one, and the same item is asked again.
> u1: dạ không biết ạ
replies: 2
< Không sao 😊 Bạn cứ chọn đáp án
< Câu 1/11
! chưa có câu trả lời
# /tiendo in the middle of her first quiz: nothing is finished yet, but the quiz is not
# lost; "Học tiếp" brings back the item she is on.
> u1: /tiendo
< Bạn chưa xong bài nào. Bạn đang làm dở một bài kiểm tra.
! Bạn chưa học bài nào
> u1 button: lr:
< Câu 1/11
> u1 button: qa:1:0:0
replies: 2
< ✅ Đúng rồi!
> u1 button: qa:1:1:1
replies: 2
< ✅ Đúng rồi!
> u1 button: qm:1:2:0
< Bạn đã chọn: A. Chọn thêm, hoặc bấm
> u1 button: qm:1:2:1
< Bạn đã chọn: A, B. Chọn thêm, hoặc bấm
> u1 button: qd:1:2
replies: 2
< ✅ Đúng rồi!
> u1 button: qa:1:3:2
replies: 2
< ✅ Đúng rồi!
> u1 button: qa:1:4:0
replies: 2
< ✅ Đúng rồi!
> u1 button: qa:1:5:2
replies: 2
< ✅ Đúng rồi!
> u1 button: qa:1:6:1
replies: 2
< ✅ Đúng rồi!
> u1 button: qa:1:7:1
replies: 2
< ✅ Đúng rồi!
> u1 button: qa:1:8:2
replies: 2
< ✅ Đúng rồi!
> u1 button: qm:1:9:0
< Bạn đã chọn: A. Chọn thêm, hoặc bấm
> u1 button: qm:1:9:2
< Bạn đã chọn: A, C. Chọn thêm, hoặc bấm
> u1 button: qm:1:9:3
< Bạn đã chọn: A, C, D. Chọn thêm, hoặc
> u1 button: qd:1:9
replies: 2
< ✅ Đúng rồi!
> u1 button: qa:1:10:0
replies: 2
< ✅ Đúng rồi!
< 🎉 Bạn đúng 11/11 câu. Bạn đã đạt!
< Bài tiếp theo trong lộ trình: "Kích hoạt tài khoản định danh điện tử"
payloads: learn:vneid-activate | qs:vneid-levels | menu:home

> u1 button: qs:scams
< Có 12 câu. Đúng từ 9 câu là đạt.
> u1 button: qa:2:0:2
replies: 2
< ✅ Đúng rồi!
> u1 button: qa:2:1:0
replies: 2
< ✅ Đúng rồi!
> u1 button: qa:2:2:2
replies: 2
< ✅ Đúng rồi!
> u1 button: qm:2:3:0
< Bạn đã chọn: A. Chọn thêm, hoặc bấm
> u1 button: qm:2:3:1
< Bạn đã chọn: A, B. Chọn thêm, hoặc bấm
> u1 button: qm:2:3:2
< Bạn đã chọn: A, B, C. Chọn thêm, hoặc
> u1 button: qd:2:3
replies: 2
< ✅ Đúng rồi!
> u1 button: qa:2:4:0
replies: 2
< ❌ Chưa đúng
> u1 button: qa:2:5:0
replies: 2
< ❌ Chưa đúng
> u1 button: qa:2:6:0
replies: 2
< ❌ Chưa đúng
> u1 button: qa:2:7:0
replies: 2
< ❌ Chưa đúng
> u1 button: qa:2:8:1
replies: 2
< ❌ Chưa đúng
> u1 button: qa:2:9:0
replies: 2
< ❌ Chưa đúng
> u1 button: qa:2:10:1
replies: 2
< ❌ Chưa đúng
> u1 button: qa:2:11:0
replies: 2
< ❌ Chưa đúng

< Bạn đúng 4/12 câu. Cần đúng 9 câu để đạt.
payloads: qr:scams | qs:scams | learn:scams | menu:home

> u1 press: 🔁 Làm lại câu sai
< Có 8 câu. Đúng từ 5 câu là đạt.
< Câu 1/8

# A typed letter answers too ("a", "1"), like the button.
> u1: a
replies: 2
< Câu 2/8

# Leaving mid-quiz with /menu; the progress keeps the best full attempts.
> u1: /menu
< 📋 Menu chính
> u1: /tiendo
< • Tài khoản mức 1 và mức 2: 11/11 ✅
< • Nhận biết lừa đảo và việc cần làm khi bị lừa: 4/12
< xong 1/8 phần.
