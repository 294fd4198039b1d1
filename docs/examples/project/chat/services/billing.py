from chat.legacy.sessions import open_session
