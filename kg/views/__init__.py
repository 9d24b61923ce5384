"""What people look at: neighbourhood views, pyvis pages, analytics and the stats page."""
