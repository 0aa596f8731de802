# The FAQ: free text is a question. Answers come with 👍/👎, the lesson and the menu;
# unknown questions get an honest decline with a way to a person.
> u1: quen mat khau vneid
< Quên mật khẩu
payloads: faq:up:vneid-quen-mat-khau | faq:down:vneid-quen-mat-khau | learn:vneid-password | menu:home

> u1 button: faq:up:vneid-quen-mat-khau
< Cảm ơn bạn

> u1: đổi số điện thoại trên vneid thế nào
< 1900 0368
faq: vneid-doi-so-dien-thoai
buttons: 👍 Hữu ích | 👎 Chưa đúng | 📚 Học bài này | ↩️ Về menu

> u1: giá vàng hôm nay bao nhiêu
< chưa có câu trả lời
payloads: menu:team | menu:home

> u1: có ai bán tk ngân hàng không
< vi phạm pháp luật

# A secret is warned about and never echoed.
> u1: mật khẩu vneid của tôi là Hoa@1975 sao không vào được
replies: 2
< Đừng gửi những thông tin này
! Hoa@1975

# Small talk gets a friendly word and the menu, never "Mình chưa hiểu ý bạn".
> u1: xin chào
< Chào bạn
! chưa hiểu
payloads: menu:learn | menu:quiz | menu:faq | menu:scam | menu:team

> u1: alo
< Chào bạn

> u1: em ơi
< Chào bạn

> u1: cảm ơn cháu nhiều nha
< Không có gì
! chưa hiểu

# Never harm: a lawful question that shares words with a scam entry gets the lawful
# answer; a victim is never told their report is unlawful.
> u1: tiền điện trả qua điện thoại được ko
< Cách trả tiền điện
! Lừa đảo
! lừa đảo:

# (Since the n-gram channel's second opinion, faq10, this one gets choices, the right
# entry first: the letter runs lean to the activation entry. No scam verdict either way.)
> u1: công an xã hướng dẫn kích hoạt định danh mức 2 tại trụ sở có đúng không
buttons: Làm mức 2 ở đâu? | Phải về nơi thường trú? | Kích hoạt tài khoản | 🤝 Nhờ Tổ CNSCĐ hỗ trợ
! Lừa đảo
> u1 press: Làm mức 2 ở đâu?
< công an xã/phường
! Đó là lừa đảo

> u1: tôi bị hack tài khoản Facebook
< Báo người thân, bạn bè
! vi phạm pháp luật

> u1: báo sim rác ở đâu
< 5656
! vi phạm pháp luật

> u1: cách hack facebook của vợ
< vi phạm pháp luật

# A scam signal (someone calling, a demand to install an app) gets the warning.
> u1: có người gọi xưng điện lực bắt cài app evn để trả tiền điện
< Lừa đảo

> u1 button: menu:faq
< gõ câu hỏi
payloads: faq:show:vneid-quen-mat-khau | faq:show:vneid-doi-so-dien-thoai | faq:show:vneid-muc2-o-dau | faq:show:dvc-dang-nhap-vneid | faq:show:scam-da-chuyen-tien | menu:home

> u1 button: faq:show:vneid-muc2-o-dau
< công an xã/phường

> u1 button: menu:scam
< lừa đảo hay gặp
> u1 button: faq:show:scam-muc3
< Không có mức 3
