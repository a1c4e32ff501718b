"""A small list of common passwords that are long enough to pass the length rule.

Kept in the repository on purpose (no download): the passwords people pick first when asked
for twelve characters. Compared case-insensitively.
"""

COMMON_PASSWORDS = frozenset({
    "123456789012", "1234567890123", "12345678901234", "123456123456", "111111111111",
    "000000000000", "121212121212", "123123123123", "987654321098", "098765432112",
    "qwertyuiop12", "qwertyuiopas", "qwerty123456", "qwertyqwerty", "1q2w3e4r5t6y",
    "azertyuiop12", "asdfghjkl123", "zxcvbnm12345", "password1234", "password12345",
    "passwordpassword", "password123!", "password2024", "password2025", "password2026",
    "p@ssword1234", "p@ssw0rd1234", "letmein12345", "iloveyou1234", "welcome12345",
    "welcome2024!", "welcome2025!", "welcome2026!", "administrator", "admin1234567",
    "changeme1234", "secret123456", "wachtwoord12", "wachtwoord123", "wachtwoord1234",
    "wachtwoord2024", "wachtwoord2025", "wachtwoord2026", "wachtwoord01!",
    "welkom123456", "welkom2024!!", "welkom2025!!", "welkom2026!!", "welkomwelkom",
    "geheim123456", "voorjaar2026", "zomer2025!!!", "winter2025!!", "lente2026!!!",
    "herfst2025!!", "januari2026!", "februari2026", "amsterdam123", "rotterdam123",
    "nederland123", "ajaxamsterdam", "feyenoord123", "football1234", "sunshine1234",
    "princess1234", "dragon123456", "monkey123456", "abcdefghijkl", "abcdef123456",
    "abc123abc123", "aaaaaaaaaaaa", "visma1234567", "vismaonline1", "eaccounting1",
})
