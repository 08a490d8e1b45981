def test_me_answers_for_a_token(people, token_for, client):
    token = token_for(people["caseworker"])
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["username"] == "caseworker"
    assert response.json()["memberships"][0]["organisation"]["code"] == "centre-a"


def test_home_page_renders_for_a_signed_in_caseworker(people, client_for):
    response = client_for(people["caseworker"]).get("/")
    assert response.status_code == 200
    assert "Integration Centre A" in response.content.decode()
