# The FAQ: free text is a question. Answers come with 👍/👎, the lesson and the menu;
# unknown questions get an honest decline with a way to a person.
> u1: quen mat khau vneid
< Quên mật khẩu
payloads: faq:up:vneid-quen-mat-khau | faq:down:vneid-quen-mat-khau | learn:vneid-password | menu:home

> u1 button: faq:up:vneid-quen-mat-khau
< Cảm ơn bạn

> u1: đổi số điện thoại trên vneid thế nào
< 1900 0368
buttons: 👍 Hữu ích | 👎 Chưa đúng | 📚 Học bài này | ↩️ Về menu

> u1: giá vàng hôm nay bao nhiêu
< chưa có câu trả lời
payloads: menu:team | menu:home

> u1: có ai bán tk ngân hàng không
< vi phạm pháp luật

# A secret is warned about and never echoed.
> u1: mật khẩu vneid của tôi là Hoa@1975 sao không vào được
< Đừng gửi những thông tin này
! Hoa@1975

> u1: xin chào
< Mình chưa hiểu ý bạn

> u1 button: menu:faq
< gõ câu hỏi
payloads: faq:show:vneid-quen-mat-khau | faq:show:vneid-doi-so-dien-thoai | faq:show:vneid-muc2-o-dau | faq:show:dvc-dang-nhap-vneid | faq:show:scam-da-chuyen-tien | menu:home

> u1 button: faq:show:vneid-muc2-o-dau
< công an xã/phường

> u1 button: menu:scam
< lừa đảo hay gặp
> u1 button: faq:show:scam-muc3
< Không có mức 3
