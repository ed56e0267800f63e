<div class="kb-cover">
  <p class="kb-cover-kicker">A knowledge base and reading list</p>
  <h1>{{ config.site_name }}</h1>
  <p class="kb-cover-description">{{ config.site_description }}</p>
  <p class="kb-cover-date">Built on {{ config.extra.build_date }}</p>
  {% if config.repo_url %}<p class="kb-cover-url">{{ config.repo_url }}</p>{% endif %}
  <p class="kb-cover-note">Every topic with its overview, reading list and quiz; each quiz is
  followed by its answers. Links to papers are live in this PDF.</p>
</div>
